#!/usr/bin/env bash
# Installe ce dont les tests ont besoin sur une machine Debian : Chromium, pango (WeasyPrint),
# poppler-utils (lecture des PDF), Redis, LibreOffice Impress (le diaporama converti sans interface) ; puis,
# depuis npm, axe-core et oidc-provider (le fournisseur ProConnect local des tests). Rien n'est réinstallé s'il est là.
set -euo pipefail
cd "$(dirname "$0")/.."

manquants=()
[ -x /usr/bin/chromium ] || manquants+=(chromium)
command -v pdftotext >/dev/null 2>&1 || manquants+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || manquants+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v redis-server >/dev/null 2>&1 || manquants+=(redis-server)
command -v npm >/dev/null 2>&1 || manquants+=(npm)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || manquants+=(docker-compose)
# Sans les paquets recommandés : Impress et son moteur, sans la suite entière ni Java.
sans_recommandes=()
command -v soffice >/dev/null 2>&1 || sans_recommandes+=(libreoffice-impress)
if [ ${#manquants[@]} -gt 0 ] || [ ${#sans_recommandes[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Paquets manquants : ${manquants[*]} ${sans_recommandes[*]} — lancez en root ou installez-les (apt-get install ${manquants[*]} ${sans_recommandes[*]})." >&2
    exit 1
  fi
  echo "Installation : ${manquants[*]} ${sans_recommandes[*]}"
  apt-get update -qq
  if [ ${#manquants[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${manquants[@]}" >/dev/null
  fi
  if [ ${#sans_recommandes[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${sans_recommandes[@]}" >/dev/null
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/oidc-provider/package.json ]; then
  npm install --no-audit --no-fund --silent
fi
