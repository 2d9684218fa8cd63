#!/usr/bin/env bash
# make bench : base SÉPARÉE (SQLite var/banc.sqlite3, ou <nom>_banc à côté de DATABASE_URL), migrée,
# remplie par generer_banc, puis mesurée par `manage.py banc` qui imprime un tableau.
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

BANC_URL=$($PY - <<'PYTHON'
import os, urllib.parse
url = os.environ.get("DATABASE_URL", "")
if not url.startswith(("postgres://", "postgresql://")):
    os.makedirs("var", exist_ok=True)
    chemin = os.path.abspath("var/banc.sqlite3")
    for suffixe in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(chemin + suffixe):
            os.remove(chemin + suffixe)
    print(f"sqlite:///{chemin}")
else:
    import psycopg
    from psycopg import sql
    morceaux = urllib.parse.urlsplit(url)
    nom = morceaux.path.lstrip("/") + "_banc"
    serveur = morceaux._replace(path="/postgres").geturl()
    with psycopg.connect(serveur, autocommit=True) as base:
        base.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nom)))
        base.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    print(morceaux._replace(path="/" + nom).geturl())
PYTHON
)
export DATABASE_URL="$BANC_URL"
export PYTHONWARNINGS="ignore:No directory at"
echo "Base du banc : ${DATABASE_URL%%@*}…" >&2
$PY manage.py migrate --noinput -v0
$PY manage.py generer_banc --graine "${GRAINE:-2026}"
$PY manage.py banc "$@"
