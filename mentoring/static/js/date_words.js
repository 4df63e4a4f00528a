// Says the date chosen in a date input in words, in the page's language, next to the input:
// the input itself shows the browser's format (12/15/2026 in an American browser). Without this
// script the server-written sentence stays, and the next step shows the date in words.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en-GB" : (document.documentElement.lang || "fr");
  var format;
  try {
    format = new Intl.DateTimeFormat(lang, {weekday: "long", day: "numeric", month: "long",
                                            year: "numeric", timeZone: "UTC"});
  } catch (error) {
    return;
  }
  function words(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!parts) {
      return null;
    }
    var text = format.format(new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3])));
    return lang.slice(0, 2) === "fr" ? text.replace(/(^|\s)1 (?=\S)/, "$11er ") : text;
  }
  var notes = document.querySelectorAll("[data-date-words-for]");
  Array.prototype.forEach.call(notes, function (note) {
    var input = document.getElementById(note.getAttribute("data-date-words-for"));
    if (!input) {
      return;
    }
    input.addEventListener("change", function () {
      var text = words(input.value);
      note.textContent = text ? note.getAttribute("data-chosen").replace("{date}", text)
                              : note.getAttribute("data-empty");
    });
  });
})();
