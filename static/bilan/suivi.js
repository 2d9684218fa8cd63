// Suivi des demandes de bilan : recharge le tableau toutes les 3 s tant qu'une demande est active.
(function () {
  "use strict";
  var conteneur = document.getElementById("bilan-demandes");
  if (!conteneur) { return; }
  function active() {
    var bloc = conteneur.querySelector("[data-active]");
    return bloc && bloc.getAttribute("data-active") === "1";
  }
  function recharger() {
    if (!active()) { return; }
    fetch(conteneur.getAttribute("data-url"), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (reponse) { return reponse.ok ? reponse.text() : Promise.reject(reponse.status); })
      .then(function (html) {
        var ancien = conteneur.querySelector("#bilan-annonce");
        var modele = document.createElement("template");
        modele.innerHTML = html;
        var nouveau = modele.content.querySelector("#bilan-annonce");
        var tableau = conteneur.querySelector(".qualite-bilan-demandes");
        var nouveauBloc = modele.content.querySelector(".qualite-bilan-demandes");
        if (tableau && nouveauBloc) {
          // La zone aria-live est conservée : seul son texte change, et il est annoncé.
          if (ancien && nouveau) { nouveauBloc.replaceChild(ancien, nouveauBloc.querySelector("#bilan-annonce")); if (ancien.textContent !== nouveau.textContent) { ancien.textContent = nouveau.textContent; } }
          tableau.replaceWith(nouveauBloc);
        }
      })
      .catch(function () {})
      .finally(function () { if (active()) { window.setTimeout(recharger, 3000); } });
  }
  window.setTimeout(recharger, 3000);
})();
