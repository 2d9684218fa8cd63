# qualite — commandes du projet. `make run` puis `make test` suffisent sur une machine neuve.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test installer installer-test demo lint format bench sauvegarde restauration worker

$(VENV)/.installe: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

installer: $(VENV)/.installe ## environnement Python (venv) et dépendances figées

installer-test: installer ## Chromium, pango, poppler (apt) et axe-core (npm) pour les tests
	@bash scripts/installer_outils_test.sh

# make run PORT=8001 : un autre port ; make run DEMO=non : sans la démonstration (voir le README).
PORT ?= 8000
DEMO ?= oui
COMPTES_DEMO := comptes : referent, correspondant, copil, auditeur, admin ; mot de passe : qualite-demo-2026
PREMIER_COMPTE := premier compte : $(PY) manage.py createsuperuser
run: installer ## installe, migre, charge la démonstration, sert l'application (web, worker, beat) sur le port PORT
	$(PY) manage.py migrate --noinput
	$(if $(filter oui,$(DEMO)),$(PY) manage.py charger_demo)
	@mkdir -p var
	@echo "Application : http://127.0.0.1:$(PORT) — $(if $(filter oui,$(DEMO)),$(COMPTES_DEMO),$(PREMIER_COMPTE))"
	QUALITE_COURTIER_EMBARQUE=1 PORT=$(PORT) $(VENV)/bin/honcho --no-colour -f Procfile start -p $(PORT)

demo: installer
	$(PY) manage.py migrate --noinput
	$(PY) manage.py charger_demo

lint: installer ## ruff, couches des applications (import-linter), gabarits (djlint), types (mypy)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy

format: installer
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: installer-test lint ## installe ce qu'il faut et lance toute la suite (navigateur et worker Celery réels compris) ; couverture ≥ 90 %
	$(PY) manage.py makemigrations --check --dry-run
	@bash scripts/services_test.sh
	$(PY) -m pytest -n 2 --create-db --cov --cov-report=term-missing:skip-covered --cov-fail-under=90 $(PYTEST_ARGS)

worker: installer
	$(VENV)/bin/celery -A qualite worker -l info -B

bench: installer ## banc de mesure sur une base séparée (SQLite, ou PostgreSQL si DATABASE_URL) : un tableau
	PY=$(PY) bash scripts/bench.sh $(BANC_ARGS)

sauvegarde: installer ## base et fichiers téléversés dans var/sauvegardes/qualite-DATE.tar.gz
	$(PY) manage.py sauvegarder $(if $(SORTIE),--sortie $(SORTIE))

# make restauration FICHIER=var/sauvegardes/qualite-….tar.gz (ou : make restauration var/sauvegardes/….tar.gz)
FICHIER ?= $(filter-out restauration,$(MAKECMDGOALS))
restauration: installer ## remplace la base et les fichiers par ceux d'une sauvegarde
	@test -n "$(FICHIER)" || { echo "Usage : make restauration FICHIER=chemin/de/la/sauvegarde.tar.gz"; exit 2; }
	$(PY) manage.py restaurer $(FICHIER) $(if $(OUI),--oui)

# Permet « make restauration chemin.tar.gz » : l'argument n'est pas une cible à construire.
ifeq (restauration,$(firstword $(MAKECMDGOALS)))
$(filter-out restauration,$(MAKECMDGOALS)):
	@:
endif
