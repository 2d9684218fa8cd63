from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DemandeBilan, Narratif


@admin.register(Narratif)
class NarratifAdmin(SimpleHistoryAdmin):
    list_display = ["annee", "modifie_le", "modifie_par"]


@admin.register(DemandeBilan)
class DemandeBilanAdmin(admin.ModelAdmin):
    list_display = ["annee", "edition", "statut", "demandeur", "creee_le", "terminee_le", "tentatives"]
    list_filter = ["statut", "edition", "annee"]
