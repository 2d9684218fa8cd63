/*
 * Grille de saisie des mesures comme un tableur (amélioration progressive : sans ce script, le formulaire
 * s'envoie tel quel et le serveur reste juge).
 *
 * - coller un bloc copié d'Excel ou de LibreOffice (tabulations et retours à la ligne) dans une cellule
 *   remplit les cellules à droite et en dessous ;
 * - Entrée descend d'une ligne (même colonne), Tab va à droite (comportement natif) ;
 * - chaque ligne recalcule, pendant la saisie, sa valeur et son statut face à la cible, avec les règles de
 *   indicateurs/calculs.py (taux = numérateur / dénominateur × 100 arrondi à 2 décimales, délai moyen, nombre,
 *   valeur ; statut « max » : ≤ cible, alerte au-delà du seuil ; « min » : ≥ cible, alerte en deçà) ;
 * - ce qui change est annoncé aux lecteurs d'écran par la zone #annonce-grille.
 */
(function () {
  "use strict";

  var formulaire = document.querySelector("form[data-grille]");
  if (!formulaire) {
    return;
  }
  var annonce = document.getElementById("annonce-grille");
  var lignes = Array.prototype.slice.call(formulaire.querySelectorAll("tbody tr"));

  function annoncer(texte) {
    if (annonce) {
      annonce.textContent = "";
      window.setTimeout(function () { annonce.textContent = texte; }, 50);
    }
  }

  // Les cellules saisissables d'une ligne, par position de colonne (les cellules « — » n'en ont pas).
  function champ(ligne, colonne) {
    var cellule = ligne.cells[colonne];
    if (!cellule) {
      return null;
    }
    var saisie = cellule.querySelector("input[type=text], input:not([type]), input[type=number]");
    return saisie && !saisie.disabled ? saisie : null;
  }

  function position(saisie) {
    var cellule = saisie.closest("td");
    var ligne = saisie.closest("tr");
    return { ligne: lignes.indexOf(ligne), colonne: cellule ? cellule.cellIndex : -1 };
  }

  // Les colonnes saisissables à partir de `colonne`, vers la droite, pour une ligne.
  function colonnesADroite(ligne, colonne) {
    var resultat = [];
    for (var c = colonne; c < ligne.cells.length; c += 1) {
      if (champ(ligne, c)) {
        resultat.push(c);
      }
    }
    return resultat;
  }

  // Nombres à la française : « 1 234,5 », « 12,5 % ».
  function lireNombre(texte) {
    var propre = String(texte || "").replace(/[\s\u00a0\u202f%]/g, "").replace(",", ".");
    if (propre === "") {
      return null;
    }
    var nombre = Number(propre);
    return isFinite(nombre) ? nombre : NaN;
  }

  function arrondir(valeur, decimales) {
    var facteur = Math.pow(10, decimales);
    return Math.round((valeur + Number.EPSILON) * facteur) / facteur;
  }

  function formater(valeur, calcul, unite) {
    if (valeur === null || isNaN(valeur)) {
      return "—";
    }
    var decimales = calcul === "nombre" ? 0 : 2;
    if ((calcul === "ratio" || (calcul === "valeur" && unite === "%")) && Number.isInteger(valeur)) {
      decimales = 0;
    }
    var texte = valeur.toLocaleString("fr-FR", {
      minimumFractionDigits: decimales,
      maximumFractionDigits: decimales,
    }).replace(/\u202f/g, "\u00a0");
    if (calcul === "ratio" || (calcul === "valeur" && unite === "%")) {
      return texte + "\u00a0%";
    }
    if (calcul === "delai_moyen") {
      return texte + "\u00a0" + (Math.abs(valeur) < 2 ? "jour" : "jours");
    }
    return texte;
  }

  function calculer(ligne) {
    var calcul = ligne.dataset.calcul;
    var saisies = ligne.querySelectorAll("input[name$='-numerateur'], input[name$='-denominateur'], input[name$='-valeur']");
    var termes = {};
    Array.prototype.forEach.call(saisies, function (saisie) {
      termes[saisie.name.split("-").pop()] = lireNombre(saisie.value);
    });
    if (calcul === "ratio" || calcul === "delai_moyen") {
      var numerateur = termes.numerateur;
      var denominateur = termes.denominateur;
      if (numerateur === null || denominateur === null || isNaN(numerateur) || isNaN(denominateur)) {
        return null;
      }
      if (denominateur === 0) {
        return numerateur === 0 ? 0 : NaN;
      }
      var quotient = numerateur / denominateur;
      return arrondir(calcul === "ratio" ? quotient * 100 : quotient, 2);
    }
    var valeur = termes.valeur;
    if (valeur === null || valeur === undefined || isNaN(valeur)) {
      return valeur === undefined ? null : valeur;
    }
    return calcul === "nombre" ? arrondir(valeur, 0) : arrondir(valeur, 2);
  }

  var BADGES = {
    atteint: ["Atteint", "fr-badge--success"],
    alerte: ["Alerte", "fr-badge--warning"],
    hors_cible: ["Hors cible", "fr-badge--error"],
    sans_donnee: ["Aucune mesure", ""],
    sans_cible: ["Sans cible", ""],
  };

  function statut(valeur, ligne) {
    var sens = ligne.dataset.sens;
    var cible = lireNombre(ligne.dataset.cible);
    var seuil = lireNombre(ligne.dataset.seuil);
    if (cible === null || !sens) {
      return "sans_cible";
    }
    if (valeur === null || isNaN(valeur)) {
      return "sans_donnee";
    }
    if (sens === "max") {
      if (valeur > cible) {
        return "hors_cible";
      }
      return seuil !== null && valeur > seuil ? "alerte" : "atteint";
    }
    if (valeur < cible) {
      return "hors_cible";
    }
    return seuil !== null && valeur < seuil ? "alerte" : "atteint";
  }

  function mettreAJour(ligne) {
    var valeur = calculer(ligne);
    var cellule = ligne.querySelector("[data-valeur]");
    var celluleStatut = ligne.querySelector("[data-statut]");
    var code = statut(valeur, ligne);
    var badge = BADGES[code];
    var texte = isNaN(valeur) && valeur !== null ? "à vérifier" : formater(valeur, ligne.dataset.calcul, ligne.dataset.unite);
    if (cellule) {
      cellule.textContent = texte;
    }
    if (celluleStatut) {
      var etiquette = document.createElement("p");
      etiquette.className = ("fr-badge fr-badge--sm " + badge[1]).trim();
      etiquette.textContent = badge[0];
      celluleStatut.replaceChildren(etiquette);
    }
    return ligne.dataset.libelle + " : " + texte + ", " + badge[0].toLowerCase();
  }

  formulaire.addEventListener("input", function (evenement) {
    var ligne = evenement.target.closest("tr");
    if (ligne && lignes.indexOf(ligne) >= 0) {
      mettreAJour(ligne);
    }
  });

  formulaire.addEventListener("change", function (evenement) {
    var ligne = evenement.target.closest("tr");
    if (ligne && lignes.indexOf(ligne) >= 0) {
      annoncer(mettreAJour(ligne));
    }
  });

  // Entrée : la même colonne, une ligne plus bas ; sur la dernière ligne, le bouton Enregistrer.
  formulaire.addEventListener("keydown", function (evenement) {
    var cible = evenement.target;
    if (evenement.key !== "Enter" || cible.tagName !== "INPUT" || cible.type === "checkbox") {
      return;
    }
    var ici = position(cible);
    if (ici.ligne < 0) {
      return;
    }
    evenement.preventDefault();
    for (var l = ici.ligne + 1; l < lignes.length; l += 1) {
      var dessous = champ(lignes[l], ici.colonne);
      if (dessous) {
        dessous.focus();
        dessous.select();
        return;
      }
    }
    var bouton = formulaire.querySelector("button[type=submit]");
    if (bouton) {
      bouton.focus();
    }
  });

  // Coller un bloc : une ligne du presse-papiers par ligne de la grille, une cellule par colonne saisissable.
  formulaire.addEventListener("paste", function (evenement) {
    var cible = evenement.target;
    if (cible.tagName !== "INPUT" || !evenement.clipboardData) {
      return;
    }
    var texte = evenement.clipboardData.getData("text/plain");
    if (!/[\t\n]/.test(texte.replace(/\r?\n$/, ""))) {
      return; // une seule valeur : le collage ordinaire
    }
    evenement.preventDefault();
    var rangees = texte.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
    var ici = position(cible);
    var remplies = 0;
    var largeur = 0;
    var touchees = [];
    rangees.forEach(function (rangee, decalage) {
      var ligne = lignes[ici.ligne + decalage];
      if (!ligne) {
        return;
      }
      var colonnes = colonnesADroite(ligne, ici.colonne);
      var valeurs = rangee.split("\t");
      largeur = Math.max(largeur, Math.min(valeurs.length, colonnes.length));
      valeurs.forEach(function (valeur, rang) {
        if (rang < colonnes.length) {
          champ(ligne, colonnes[rang]).value = valeur.trim();
          remplies += 1;
        }
      });
      touchees.push(ligne);
    });
    touchees.forEach(mettreAJour);
    var ignorees = rangees.length - touchees.length;
    annoncer(
      "Bloc collé : " + touchees.length + " ligne(s) sur " + largeur + " colonne(s), " + remplies + " cellule(s) remplie(s)" +
        (ignorees > 0 ? " ; " + ignorees + " ligne(s) au-delà de la grille ignorée(s)." : ".")
    );
  });
})();
