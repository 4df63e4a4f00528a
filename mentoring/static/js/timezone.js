// Preselects the browser's time zone in a place list marked data-detect-zone, when the person
// has not chosen one yet. Without this script the list works the same: the person chooses.
(function () {
  "use strict";
  var aliases = {"Europe/Kiev": "Europe/Kyiv", "America/Buenos_Aires": "America/Argentina/Buenos_Aires"};
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  zone = aliases[zone] || zone;
  var selects = document.querySelectorAll("select[data-detect-zone]");
  Array.prototype.forEach.call(selects, function (select) {
    if (select.value) {
      return;  // already chosen (by the person, or by the page)
    }
    var option = select.querySelector('option[value="' + zone.replace(/"/g, "") + '"]');
    if (!option) {
      return;
    }
    select.value = zone;
    var note = document.getElementById(select.id + "-detected");
    if (note) {
      note.hidden = false;
    }
  });
})();
