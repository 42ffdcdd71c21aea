// Starts Blazor (App.razor loads blazor.web.js with autostart="false") so that a page whose host goes away gets it
// back by itself, however long the restart takes: nobody stands at a wall-board to press "Retry" or F5.
// The notice (ReconnectNotice.razor, id components-reconnect-modal) is shown and worded by app.css from the state
// class Blazor puts on it; this file only decides what happens next.
(function () {
    const retryDelay = 3000;
    let reloading = false;

    // Whether the server serves this page now (a proxy's 502, a host still stopping or starting: not yet).
    async function serverAnswers() {
        try {
            return (await fetch(location.href, { cache: "no-store", credentials: "same-origin" })).ok;
        } catch {
            return false;
        }
    }

    const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

    // Reloads once the server answers the page: reloading into a host that is still stopping, or a proxy's 502, would
    // leave the browser's own error page on the TV, which never tries again.
    async function reloadWhenServerAnswers() {
        if (reloading) {
            return;
        }
        reloading = true;
        while (!await serverAnswers()) {
            await delay(retryDelay);
        }
        location.reload();
    }

    // Blazor's attempts have no time limit of their own: one that reaches a host while it starts can wait on it
    // indefinitely (seen under load, the notice still up a minute after the host was ready). So while the circuit is
    // down, once the server has served the page for a while and the circuit is still not back, a fresh page is.
    const stuckAfter = 15000;
    let outage = 0;

    async function watch(current) {
        let answeredSince = null;
        while (current === outage) {
            await delay(retryDelay);
            if (current !== outage) {
                return;
            }
            if (!await serverAnswers()) {
                answeredSince = null;
            } else if ((answeredSince ??= Date.now()) <= Date.now() - stuckAfter) {
                reloadWhenServerAnswers();
                return;
            }
        }
    }

    // After Blazor's own attempts ended without an answer ("failed", which the endless retries below should never
    // reach) or a resume failed: keep trying as its own loop does.
    async function keepTrying(resumeOnly) {
        try {
            const back = resumeOnly
                ? await Blazor.resumeCircuit()
                : await Blazor.reconnect() || await Blazor.resumeCircuit();
            if (!back) {
                // The server answered but no longer has this page's circuit.
                reloadWhenServerAnswers();
            }
        } catch {
            setTimeout(() => keepTrying(resumeOnly), retryDelay);
        }
    }

    document.getElementById("components-reconnect-modal")?.addEventListener("components-reconnect-state-changed", event => {
        switch (event.detail.state) {
            case "show":
                watch(++outage);
                break;
            case "hide":
                outage++;
                break;
            case "rejected":
                // The host restarted: the circuit, with the page's state, is gone. A fresh page has fresh figures.
                reloadWhenServerAnswers();
                break;
            case "failed":
            case "resume-failed":
                setTimeout(() => keepTrying(false), retryDelay);
                break;
            case "paused":
                // Paused by the server (or this page): a TV has no one to press "Resume".
                keepTrying(true);
                break;
        }
    });

    Blazor.start({
        circuit: {
            reconnectionOptions: {
                // Never give up: a host restart takes 30-60 s, longer with a long journal to replay.
                maxRetries: Number.POSITIVE_INFINITY,
                // Quick at first (a network blip, a fast restart), then every few seconds.
                retryIntervalMilliseconds: attempt => attempt < 10 ? 1000 : retryDelay,
            },
        },
    });
})();
