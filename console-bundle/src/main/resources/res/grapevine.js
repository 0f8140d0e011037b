// The Grapevine tab's only script: asks before a rollback, and redraws the Cluster section (the
// rollout bar, its counts, the roster's rows, the nodes that left) and the uptime from
// GET /core/status every 2 s, so that an operator watches a rollout converge without reloading.
// It counts and words as ClusterView, ClusterTable and Human do on the server. Data goes into the
// page as text (textContent), never as HTML.
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
    var PARTS = ['on', 'behind', 'down'];

    // Human.duration and Human.ago.
    function duration(ms) {
        var s = Math.floor(Math.max(0, ms) / 1000);
        if (s < 60) {
            return s + ' s';
        }
        var min = Math.floor(s / 60);
        if (min < 60) {
            return min + ' min';
        }
        var h = Math.floor(min / 60);
        if (h < 24) {
            return h + ' h' + (min % 60 === 0 ? '' : ' ' + (min % 60) + ' min');
        }
        return Math.floor(h / 24) + ' d' + (h % 24 === 0 ? '' : ' ' + (h % 24) + ' h');
    }

    function ago(ms) {
        return ms < 1000 ? 'now' : duration(ms) + ' ago';
    }

    // ClusterView.reached: the same deployment or a later one; none is before every one.
    var TOKEN = /^([0-9]{1,18})-([0-9]{1,9})-(.+)$/;
    function number(digits) {
        return digits.replace(/^0+(?=.)/, '');
    }
    function compareNumbers(a, b) {
        a = number(a);
        b = number(b);
        return a.length !== b.length ? a.length - b.length : (a < b ? -1 : a > b ? 1 : 0);
    }
    function reached(theirs, target) {
        if (target == null || theirs === target) {
            return true;
        }
        if (theirs == null) {
            return false;
        }
        var a = TOKEN.exec(theirs);
        var b = TOKEN.exec(target);
        if (!a || !b) {
            return false;
        }
        var c = compareNumbers(a[1], b[1]) || compareNumbers(a[2], b[2]);
        return (c !== 0 ? c : (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0)) > 0;
    }

    function standing(member, target) {
        if (member.state === 'left' || member.state === 'down') {
            return member.state;
        }
        return reached(member.deployment, target) ? 'on' : 'behind';
    }

    function byAddress(a, b) {
        return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
    }

    function row(member) {
        var tr = document.createElement('tr');
        tr.className = 'grapevine-' + member.standing;
        [member.address + (member.self ? ' (this node)' : ''), member.deployment || '(none)', member.state,
            ago(member.heardMsAgo)].forEach(function (text, i) {
            var td = document.createElement('td');
            if (i === 2) {
                td.className = 'grapevine-state-' + text;
            }
            td.textContent = text;
            tr.appendChild(td);
        });
        return tr;
    }

    function fill(body, members) {
        while (body.firstChild) {
            body.removeChild(body.firstChild);
        }
        members.forEach(function (member) { body.appendChild(row(member)); });
    }

    function setText(id, text) {
        var element = document.getElementById(id);
        if (element) {
            element.textContent = text;
        }
    }

    function draw(status) {
        var target = status.deployment == null ? null : status.deployment;
        // A status without a roster (version 1.0): this node alone is what is known.
        var roster = status.roster && status.roster.length ? status.roster
            : [{address: status.address, deployment: target, state: 'alive', heardMsAgo: 0}];
        var size = status.roster && status.roster.length ? status.clusterSize : 1;
        var counts = {on: 0, behind: 0, down: 0, left: 0};
        var members = [];
        var left = [];
        roster.forEach(function (m, i) {
            var member = {address: String(m.address), deployment: m.deployment == null ? null : String(m.deployment),
                state: String(m.state), heardMsAgo: Number(m.heardMsAgo) || 0, self: i === 0};
            member.standing = standing(member, target);
            counts[member.standing]++;
            (member.standing === 'left' ? left : members).push(member);
        });
        var self = members.length && members[0].self ? members.shift() : null;
        members.sort(byAddress);
        if (self) {
            members.unshift(self);
        }
        left.sort(byAddress);

        fill(table.tBodies[0], members);
        PARTS.forEach(function (part) {
            var bar = document.getElementById('grapevine-bar-' + part);
            if (bar) {
                bar.style.width = (size > 0 ? Math.min(100, 100 * counts[part] / size) : 0).toFixed(1) + '%';
            }
            setText('grapevine-count-' + part, String(counts[part]));
        });
        setText('grapevine-size', String(size));
        summary.textContent = counts.on + '/' + size + ' nodes on ' + (target == null ? '(none)' : target);
        var leftBox = document.getElementById('grapevine-left');
        var leftTable = document.getElementById('grapevine-left-nodes');
        if (leftBox && leftTable) {
            fill(leftTable.tBodies[0], left);
            leftBox.hidden = left.length === 0;
            setText('grapevine-left-summary', left.length + (left.length === 1 ? ' node' : ' nodes')
                + ' left the cluster (not counted)');
        }
        setText('grapevine-uptime', duration(Number(status.uptimeMs) || 0));
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
            .then(draw)
            .catch(function (error) {
                summary.textContent = 'node status unavailable (' + error.message + '), retrying';
            })
            .then(function () { setTimeout(poll, 2000); });
    }
    setTimeout(poll, 2000);
}());
