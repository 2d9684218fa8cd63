// Zones de défilement des tableaux (RGAA 7.3) : un tableau plus large que l'écran défile dans son conteneur ;
// ce conteneur devient atteignable au clavier (tabindex=0) et se nomme par la légende du tableau.
(function () {
  "use strict";
  function marquer() {
    document.querySelectorAll(".fr-table__container").forEach(function (zone) {
      if (zone.hasAttribute("data-defilement-fixe")) { return; }
      var defile = zone.scrollWidth > zone.clientWidth + 1;
      var legende = zone.querySelector("caption");
      if (defile && !zone.hasAttribute("tabindex")) {
        zone.setAttribute("tabindex", "0");
        zone.setAttribute("role", "region");
        zone.setAttribute("aria-label", legende ? legende.textContent.trim() : "Tableau défilant");
        zone.setAttribute("data-defilement", "1");
      } else if (!defile && zone.getAttribute("data-defilement") === "1") {
        ["tabindex", "role", "aria-label", "data-defilement"].forEach(function (nom) { zone.removeAttribute(nom); });
      }
    });
  }
  marquer();
  window.addEventListener("resize", function () { window.clearTimeout(marquer.minuteur); marquer.minuteur = window.setTimeout(marquer, 200); });
})();
