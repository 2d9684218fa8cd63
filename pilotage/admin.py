from django.contrib import admin

from .models import Decision, Instance, Participation, PublicationTrimestrielle


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "date", "statut", "compte_rendu_envoye_le", "est_demo"]
    list_filter = ["type", "statut"]
    inlines = [ParticipationInline, DecisionInline]


@admin.register(PublicationTrimestrielle)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "validee_le", "validee_par"]
    filter_horizontal = ["indicateurs"]
