// Opens the programme's filters on wide screens, where they sit beside the
// list. Without JavaScript they start closed on every screen (open when a
// filter is in use) and open with one tap: nothing depends on this file.
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 48em)").matches) {
    filters.open = true;
  }
})();
