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

run: installer ## installe, migre, charge la démonstration et sert l'application sur http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py charger_demo
	@echo "Application : http://127.0.0.1:8000 — comptes : referent, correspondant, copil, auditeur, admin ; mot de passe : qualite-demo-2026"
	$(PY) manage.py runserver 127.0.0.1:8000

demo: installer
	$(PY) manage.py migrate --noinput
	$(PY) manage.py charger_demo

lint: installer
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: installer
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: installer-test lint ## installe ce qu'il faut et lance toute la suite (navigateur et worker Celery réels compris)
	$(PY) manage.py makemigrations --check --dry-run
	@bash scripts/services_test.sh
	$(PY) -m pytest -n 2 --create-db $(PYTEST_ARGS)

worker: installer
	$(VENV)/bin/celery -A qualite worker -l info -B
