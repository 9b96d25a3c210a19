// The screen's few behaviours htmx does not have: remove an item, say a list is empty.
"use strict";
document.addEventListener("click", function (event) {
  var target = event.target;
  if (!(target instanceof HTMLElement)) return;
  if (target.hasAttribute("data-remove")) {
    var item = target.closest("fieldset.item");
    var list = item && item.closest("fieldset.list");
    if (item) item.remove();
    var mark = list && list.querySelector("[data-list-mark]");
    if (mark) mark.value = "1";  // a list whose items were all removed is empty, not unknown
  } else if (target.hasAttribute("data-none")) {
    var fieldset = target.closest("fieldset.list");
    var marker = fieldset && fieldset.querySelector("[data-list-mark]");
    if (marker) {
      marker.value = "1";
      var empty = fieldset.querySelector("p.empty");
      if (empty) empty.textContent = target.getAttribute("data-said") || empty.textContent;
      target.remove();
    }
  }
});
