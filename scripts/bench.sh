#!/usr/bin/env bash
# make bench : bases SÉPARÉES (SQLite var/banc.sqlite3 et var/banc10.sqlite3, ou <nom>_banc et <nom>_banc10 à côté
# de DATABASE_URL), migrées, remplies par generer_banc (taille du banc et 10 fois), puis mesurées par
# `manage.py banc` qui imprime un tableau.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

# Ce que le banc demande à la machine : wrk (tir de charge), pango (WeasyPrint, bilan PDF).
manquants=()
command -v wrk >/dev/null 2>&1 || manquants+=(wrk)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || manquants+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#manquants[@]} -gt 0 ]; then
    SUDO=$([ "$(id -u)" = "0" ] || echo sudo)
    echo "Installation : ${manquants[*]}" >&2
    # Listes des paquets absentes sur une machine neuve : mise à jour puis nouvel essai.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${manquants[@]}" >/dev/null 2>&1 \
        || { $SUDO apt-get update -qq \
             && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${manquants[@]}" >/dev/null; }
fi

# Sur PostgreSQL : le serveur est démarré s'il est arrêté (même script que les tests).
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    bash scripts/services_test.sh
fi

# Deux bases : le banc (2 000 actions, 7 200 mesures) et le banc à 10 fois sa taille (20 000 actions, 72 000
# mesures) ; `manage.py banc` mesure chaque page dans les deux et imprime le rapport de leurs p50.
base_du_banc() {
    NOM="$1" $PY - <<'PYTHON'
import os, urllib.parse
url = os.environ.get("DATABASE_URL", "")
nom = os.environ["NOM"]
if not url.startswith(("postgres://", "postgresql://")):
    os.makedirs("var", exist_ok=True)
    chemin = os.path.abspath(f"var/{nom}.sqlite3")
    for suffixe in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(chemin + suffixe):
            os.remove(chemin + suffixe)
    print(f"sqlite:///{chemin}")
else:
    import psycopg
    from psycopg import sql
    morceaux = urllib.parse.urlsplit(url)
    nom = morceaux.path.lstrip("/") + "_" + nom
    serveur = morceaux._replace(path="/postgres").geturl()
    with psycopg.connect(serveur, autocommit=True) as base:
        base.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nom)))
        base.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    print(morceaux._replace(path="/" + nom).geturl())
PYTHON
}
BANC_URL=$(base_du_banc banc)
BANC_URL_10X=$(base_du_banc banc10)
export PYTHONWARNINGS="ignore:No directory at"
echo "Bases du banc : ${BANC_URL%%@*}… et ${BANC_URL_10X%%@*}… (10×)" >&2
DATABASE_URL="$BANC_URL_10X" $PY manage.py migrate --noinput -v0
DATABASE_URL="$BANC_URL_10X" $PY manage.py generer_banc --graine "${GRAINE:-2026}" --fois 10
export BANC_URL_10X
export DATABASE_URL="$BANC_URL"
$PY manage.py migrate --noinput -v0
$PY manage.py generer_banc --graine "${GRAINE:-2026}"
$PY manage.py banc "$@"
