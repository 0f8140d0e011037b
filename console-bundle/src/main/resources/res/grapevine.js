// The Grapevine tab's only script: asks before a rollback, and redraws the cluster table from
// GET /core/status every 2 s so that an operator watches a rollout converge without reloading.
// Data goes into the page as text (textContent), never as HTML.
(function () {
    'use strict';
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
        form.addEventListener('submit', function (event) {
            if (!window.confirm(form.getAttribute('data-confirm'))) {
                event.preventDefault();
            }
        });
    });

    var table = document.getElementById('grapevine-cluster');
    var summary = document.getElementById('grapevine-converged');
    if (!table || !summary) {
        return;
    }

    function row(node, deployment, heard) {
        var tr = document.createElement('tr');
        [node, deployment || '(none)', heard].forEach(function (text) {
            var td = document.createElement('td');
            td.textContent = text;
            tr.appendChild(td);
        });
        return tr;
    }

    function draw(status) {
        var body = table.tBodies[0];
        var rows = [row(status.address + ' (this node)', status.deployment, 'now')];
        var on = 1;
        (status.hints || []).forEach(function (hint) {
            if (status.deployment && hint.deployment === status.deployment) {
                on++;
            }
            rows.push(row(hint.address, hint.deployment,
                hint.heardMsAgo == null ? 'never' : Math.floor(hint.heardMsAgo / 1000) + ' s ago'));
        });
        while (body.firstChild) {
            body.removeChild(body.firstChild);
        }
        rows.forEach(function (tr) { body.appendChild(tr); });
        summary.textContent = on + '/' + rows.length + ' nodes on ' + (status.deployment || '(none)');
    }

    function poll() {
        // location.origin, not a relative URL: a page opened as http://user:password@host/ would
        // otherwise hand fetch a URL with credentials, which it refuses.
        fetch(location.origin + '/core/status', {cache: 'no-store'})
            .then(function (response) {
                if (!response.ok) {
                    throw new Error('HTTP ' + response.status);
                }
                return response.json();
            })
            .then(draw, function (error) {
                summary.textContent = 'node status unavailable (' + error.message + '), retrying';
            })
            .then(function () { setTimeout(poll, 2000); });
    }
    setTimeout(poll, 2000);
}());
