// Suivi des demandes de bilan : recharge le tableau toutes les 3 s tant qu'une demande est active.
// La région live #bilan-annonce est stable (hors du tableau remplacé) : seuls les états qui ont changé y sont
// écrits, une fois par changement (RGAA 7.5).
(function () {
  "use strict";
  var conteneur = document.getElementById("bilan-demandes");
  var annonce = document.getElementById("bilan-annonce");
  if (!conteneur) { return; }
  function active() {
    var bloc = conteneur.querySelector("[data-active]");
    return bloc && bloc.getAttribute("data-active") === "1";
  }
  function etats(racine) {
    var resultat = {};
    racine.querySelectorAll("[data-demande]").forEach(function (ligne) {
      resultat[ligne.getAttribute("data-demande")] = ligne.getAttribute("data-etat");
    });
    return resultat;
  }
  function recharger() {
    if (!active()) { return; }
    fetch(conteneur.getAttribute("data-url"), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (reponse) { return reponse.ok ? reponse.text() : Promise.reject(reponse.status); })
      .then(function (html) {
        var modele = document.createElement("template");
        modele.innerHTML = html;
        var tableau = conteneur.querySelector(".qualite-bilan-demandes");
        var nouveauBloc = modele.content.querySelector(".qualite-bilan-demandes");
        if (!tableau || !nouveauBloc) { return; }
        var avant = etats(tableau);
        var apres = etats(nouveauBloc);
        var changes = Object.keys(apres).filter(function (cle) { return avant[cle] !== apres[cle]; });
        tableau.replaceWith(nouveauBloc);
        if (annonce && changes.length) {
          annonce.textContent = changes.map(function (cle) { return apres[cle]; }).join(" ");
        }
      })
      .catch(function () {})
      .finally(function () { if (active()) { window.setTimeout(recharger, 3000); } });
  }
  window.setTimeout(recharger, 3000);
})();
