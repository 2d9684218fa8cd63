import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisation.tests.factories import ServiceFactory, UtilisateurFactory

from ..models import Preuve
from .factories import PDF_MINIMAL, EngagementFactory, PreuveFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _zip(membres: dict[str, bytes]) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in membres.items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


@pytest.fixture
def engagement():
    return EngagementFactory()


@pytest.fixture
def referent(client):
    utilisateur = UtilisateurFactory(referent=True)
    client.force_login(utilisateur)
    return utilisateur


def _poster(client, engagement, nom, contenu, **autres):
    donnees = {"titre": "Affiche des horaires", "date": "2023-03-01", **autres}
    if nom:
        donnees["fichier"] = SimpleUploadedFile(nom, contenu)
    return client.post(reverse("engagements:preuve_ajouter", args=[engagement.pk]), donnees)


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("horaires.pdf", PDF_MINIMAL),
        ("photo.png", PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("note.docx", _zip({"word/document.xml": b"<w/>"})),
        ("tableau.xlsx", _zip({"xl/workbook.xml": b"<x/>"})),
        ("note.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"})),
        ("tableau.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
    ],
)
def test_types_autorises(client, referent, engagement, nom, contenu):
    reponse = _poster(client, engagement, nom, contenu, a_revoir_le="2024-03-01")
    assert reponse.status_code == 302
    preuve = Preuve.objects.get()
    assert preuve.fichier.name.startswith("preuves/")
    assert preuve.auteur == referent
    assert str(preuve.a_revoir_le) == "2024-03-01"


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "Type de fichier non autorisé (.exe)"),
        ("page.html", b"<html></html>", "Type de fichier non autorisé (.html)"),
        ("faux.pdf", b"<html>pas un pdf</html>", "Le contenu du fichier ne correspond pas à son extension .pdf."),
        ("faux.png", PDF_MINIMAL, "Le contenu du fichier ne correspond pas à son extension .png."),
        ("faux.docx", _zip({"autre.txt": b"x"}), "Le contenu du fichier ne correspond pas à son extension .docx."),
        ("faux.odt", _zip({"mimetype": b"text/html"}), "Le contenu du fichier ne correspond pas à son extension .odt."),
        ("abime.xlsx", b"PK\x03\x04abime", "Le fichier .xlsx est endommagé."),
    ],
)
def test_types_refuses(client, referent, engagement, nom, contenu, message):
    reponse = _poster(client, engagement, nom, contenu)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not Preuve.objects.exists()


def test_taille_refusee(client, referent, engagement, settings):
    settings.TAILLE_MAX_TELEVERSEMENT = 1024 * 1024
    reponse = _poster(client, engagement, "gros.pdf", PDF_MINIMAL + b"0" * (1024 * 1024))
    assert reponse.status_code == 200
    assert "Fichier trop volumineux : 1 Mo au plus." in reponse.content.decode()
    assert not Preuve.objects.exists()


def test_lien_sans_fichier(client, referent, engagement):
    reponse = _poster(client, engagement, None, b"", lien="https://www.jura.gouv.fr/horaires")
    assert reponse.status_code == 302
    assert Preuve.objects.get().lien == "https://www.jura.gouv.fr/horaires"


@pytest.mark.parametrize("autres", [{}, {"lien": "https://exemple.gouv.fr/"}])
def test_ni_fichier_ni_lien_ou_les_deux(client, referent, engagement, autres):
    nom = "horaires.pdf" if autres else None
    reponse = _poster(client, engagement, nom, PDF_MINIMAL, **autres)
    assert "Joignez un document ou indiquez un lien" in reponse.content.decode()
    assert not Preuve.objects.exists()


def test_fichier_servi_seulement_aux_ayants_droit(client):
    service = ServiceFactory()
    preuve = PreuveFactory(engagement=EngagementFactory(services_concernes=[service]))
    url = reverse("engagements:preuve_fichier", args=[preuve.pk])
    assert url.startswith("/referentiels/preuves/")

    reponse = client.get(url)
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("login"))

    client.force_login(UtilisateurFactory(correspondant=True, services=[ServiceFactory()]))
    assert client.get(url).status_code == 403

    client.force_login(UtilisateurFactory(correspondant=True, services=[service]))
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == PDF_MINIMAL
    assert reponse["Content-Disposition"].startswith("attachment")


def test_media_non_servi_publiquement(client):
    preuve = PreuveFactory()
    assert client.get(f"/fichiers/{preuve.fichier.name}").status_code == 404
    client.force_login(UtilisateurFactory(referent=True))
    assert client.get(f"/fichiers/{preuve.fichier.name}").status_code == 404


def test_preuve_en_lien_n_a_pas_de_fichier_a_servir(client):
    preuve = PreuveFactory(en_lien=True)
    client.force_login(UtilisateurFactory(referent=True))
    assert client.get(reverse("engagements:preuve_fichier", args=[preuve.pk])).status_code == 403


def test_correspondant_autre_ne_voit_pas_les_preuves_sur_la_page(client):
    preuve = PreuveFactory(titre="Registre des appels")
    client.force_login(UtilisateurFactory(correspondant=True, services=[ServiceFactory()]))
    reponse = client.get(reverse("engagements:engagement_detail", args=[preuve.engagement.pk]))
    assert reponse.status_code == 200
    assert "Registre des appels" not in reponse.content.decode()
    assert "réservées au référent qualité" in reponse.content.decode()
