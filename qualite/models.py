"""Modèles du socle : la version des données que lisent les tableaux mis en cache."""

from django.db import models


class VersionDonnees(models.Model):
    """Un jeton changé à chaque écriture des applications qu'un tableau lit (voir `qualite.versions`)."""

    cle = models.CharField("clé", max_length=40, primary_key=True)
    jeton = models.CharField("jeton", max_length=32)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "version des données"
        verbose_name_plural = "versions des données"

    def __str__(self) -> str:
        return f"{self.cle} : {self.jeton}"
