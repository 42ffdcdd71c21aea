// Starts Blazor (App.razor loads blazor.web.js with autostart="false") so that a page whose host goes away gets it
// back by itself, however long the restart takes: nobody stands at a wall-board to press "Retry" or F5.
// The notice (ReconnectNotice.razor, id components-reconnect-modal) is shown and worded by app.css from the state
// class Blazor puts on it; this file only decides what happens next.
(function () {
    const retryDelay = 3000;
    let reloading = false;

    // Reloads once the server answers the page: reloading into a host that is still stopping, or a proxy's 502, would
    // leave the browser's own error page on the TV, which never tries again.
    async function reloadWhenServerAnswers() {
        if (reloading) {
            return;
        }
        reloading = true;
        for (;;) {
            try {
                const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
                if (response.ok) {
                    location.reload();
                    return;
                }
            } catch {
                // Not reachable yet.
            }
            await new Promise(resolve => setTimeout(resolve, retryDelay));
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
