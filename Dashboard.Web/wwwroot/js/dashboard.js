// Tiny helpers for the dashboard pages (called through IJSRuntime).
window.dashboard = (function () {
    let audio = null;
    return {
        // A short two-tone beep through WebAudio; browsers allow sound only after a user gesture on the page
        // (the sound toggle), or on kiosks started with --autoplay-policy=no-user-gesture-required.
        beep: function () {
            try {
                audio = audio || new (window.AudioContext || window.webkitAudioContext)();
                if (audio.state === "suspended") { audio.resume(); }
                const now = audio.currentTime;
                [[880, 0], [660, 0.22]].forEach(function (tone) {
                    const osc = audio.createOscillator();
                    const gain = audio.createGain();
                    osc.type = "square";
                    osc.frequency.value = tone[0];
                    gain.gain.setValueAtTime(0.0001, now + tone[1]);
                    gain.gain.exponentialRampToValueAtTime(0.3, now + tone[1] + 0.02);
                    gain.gain.exponentialRampToValueAtTime(0.0001, now + tone[1] + 0.2);
                    osc.connect(gain).connect(audio.destination);
                    osc.start(now + tone[1]);
                    osc.stop(now + tone[1] + 0.21);
                });
            } catch (e) {
                console.warn("dashboard.beep", e);
            }
        },
        // Puts text on the clipboard; true when done. The clipboard API needs a secure page (HTTPS or localhost):
        // elsewhere a hidden text area is selected and copied the old way.
        copy: async function (text) {
            try {
                if (navigator.clipboard && window.isSecureContext) {
                    await navigator.clipboard.writeText(text);
                    return true;
                }
            } catch (e) {
                console.warn("dashboard.copy", e);
            }
            const area = document.createElement("textarea");
            area.value = text;
            area.setAttribute("readonly", "");
            area.style.position = "fixed";
            area.style.opacity = "0";
            document.body.appendChild(area);
            area.select();
            let done = false;
            try { done = document.execCommand("copy"); } catch (e) { done = false; }
            document.body.removeChild(area);
            return done;
        }
    };
})();
