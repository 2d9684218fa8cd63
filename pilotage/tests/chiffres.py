"""Les chiffres du tableau de bord, chacun lien vers la page qui le détaille."""

import html
import re

CHIFFRE = re.compile(r'<a href="([^"]+)" data-chiffre="(\w+)"[^>]*>([^<]+)</a>')


def verifier_chaque_chiffre(client, url: str) -> int:
    """Suit chaque lien chiffré de la page et vérifie que la page liée montre le même nombre."""
    contenu = client.get(url).content.decode()
    chiffres = CHIFFRE.findall(contenu)
    assert chiffres
    for lien, genre, texte in chiffres:
        lien, texte = html.unescape(lien), html.unescape(texte).strip()
        reponse = client.get(lien)
        assert reponse.status_code == 200, lien
        if genre == "plan":
            assert reponse.context["total"] == int(texte), f"{lien} : {reponse.context['total']} ≠ {texte}"
        elif genre == "enquete":
            assert reponse.context["taux_reponse"] == texte, f"{lien} : {reponse.context['taux_reponse']} ≠ {texte}"
        elif genre == "audit":
            comptes = [c["nombre"] for c in reponse.context["comptes_nature"]]
            assert int(texte) in comptes, lien
        else:
            assert reponse.context["ligne"].valeur_texte == texte, lien
    return len(chiffres)
