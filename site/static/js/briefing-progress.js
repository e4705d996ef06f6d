// Monthly briefings (HQ): poll each unfinished briefing's status and show its progress; once done,
// show the download links. No inline script (CSP): the rows carry their status URL.
(function () {
  "use strict";
  var INTERVAL = 1500;

  function link(row, href, role, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    a.setAttribute("data-role", role);
    return a;
  }

  function show(row, s) {
    row.querySelector("[data-role=state]").textContent = s.state_label;
    row.querySelector("progress").value = s.progress;
    row.querySelector("[data-role=progress]").textContent = s.progress + "%";
    row.querySelector("[data-role=step]").textContent = s.step;
    if (s.pdf) {
      var files = row.querySelector("[data-role=files]");
      files.textContent = "";
      files.appendChild(link(row, s.pdf, "pdf", "PDF"));
      files.appendChild(document.createTextNode(" · "));
      files.appendChild(link(row, s.xlsx, "xlsx", "XLSX"));
    }
  }

  function poll(row) {
    var url = row.getAttribute("data-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        show(row, s);
        if (s.state === "queued" || s.state === "running") window.setTimeout(function () { poll(row); }, INTERVAL);
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, INTERVAL * 4); });
  }

  document.querySelectorAll("tr[data-status-url]").forEach(poll);
})();
