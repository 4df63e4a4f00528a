// Asks every few seconds for messages newer than the last one shown; the server answers 304
// when nothing changed. Without this script the page shows new messages on reload.
(function () {
  "use strict";
  var list = document.getElementById("messages");
  if (!list || !list.dataset.newUrl) { return; }
  var etag = null;

  // The menu's count of unread messages (other conversations), kept current without a reload.
  function showUnread(total) {
    var link = document.getElementById("messages-link");
    if (!link || total === null) { return; }
    var badge = document.getElementById("unread-messages");
    if (total === "0") { if (badge) { badge.remove(); } return; }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      badge.id = "unread-messages";
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    badge.textContent = total;
  }

  function poll() {
    var headers = {"Accept": "text/html"};
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(list.dataset.newUrl + "?after=" + encodeURIComponent(list.dataset.after),
          {headers: headers, credentials: "same-origin"})
      .then(function (response) {
        if (response.status !== 200) { return null; }
        etag = response.headers.get("ETag");
        var after = response.headers.get("X-Last-Message");
        showUnread(response.headers.get("X-Unread-Total"));
        return response.text().then(function (html) {
          if (!html.trim()) { return; }
          var empty = list.querySelector(".empty");
          if (empty) { empty.remove(); }
          var template = document.createElement("template");
          template.innerHTML = html;
          list.appendChild(template.content);
          if (after) { list.dataset.after = after; }
          list.lastElementChild.scrollIntoView({block: "end"});
        });
      })
      .catch(function () { /* offline: try again at the next tick */ })
      .finally(function () { window.setTimeout(poll, 4000); });
  }
  window.setTimeout(poll, 4000);
}());
