"""Montée en charge : gunicorn sur 127.0.0.1 (port libre) et wrk, sur une page et sur la sonde triviale.

Le serveur est toujours arrêté à la fin (même en cas d'erreur) : aucun processus ne survit au banc.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from .pages import PAGE_CHARGE, PAGE_REFERENCE
from .tableau import Ligne

# done() imprime une ligne « BANC requêtes durée_µs p95_µs erreurs_socket non_2xx ».
SCRIPT_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format("BANC %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(95), e.connect + e.read + e.write + e.timeout, n))
end
"""
TRAVAILLEURS = 3


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def _attendre(url: str, serveur: subprocess.Popen, delai: float = 60) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if serveur.poll() is not None:
            raise RuntimeError(f"gunicorn s'est arrêté (code {serveur.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as reponse:
                if reponse.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn ne répond pas sur {url}")


def _arreter(serveur: subprocess.Popen) -> None:
    if serveur.poll() is None:
        serveur.send_signal(signal.SIGTERM)
        try:
            serveur.wait(timeout=15)
        except subprocess.TimeoutExpired:
            serveur.kill()
            serveur.wait()


def _wrk(url: str, cookie: str | None, contexte, script: Path) -> dict:
    commande = [
        "wrk",
        "-t2",
        f"-c{contexte.connexions}",
        f"-d{contexte.duree_charge}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    if cookie:
        commande += ["-H", f"Cookie: {cookie}"]
    sortie = subprocess.run(
        commande + [url], capture_output=True, text=True, timeout=contexte.duree_charge + 60, check=True
    ).stdout
    trouve = re.search(r"^BANC (\d+) (\d+) (\d+) (\d+) (\d+)$", sortie, re.MULTILINE)
    if not trouve:
        raise RuntimeError(f"Sortie de wrk illisible :\n{sortie}")
    requetes, duree_us, p95_us, erreurs, non_2xx = (int(g) for g in trouve.groups())
    return {"rps": requetes / (duree_us / 1e6), "p95": p95_us / 1e6, "erreurs": erreurs + non_2xx, "requetes": requetes}


def mesurer_charge(contexte, client) -> list[Ligne]:
    titre = f"Charge {contexte.connexions} connexions {contexte.duree_charge} s"
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk est introuvable : apt-get install wrk (scripts/bench.sh l'installe).")
    cookie_nom = settings.SESSION_COOKIE_NAME
    cookie = f"{cookie_nom}={client.cookies[cookie_nom].value}"
    port = port_libre()
    base = f"http://127.0.0.1:{port}"
    environnement = dict(os.environ, PYTHONUNBUFFERED="1")
    serveur = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "qualite.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(TRAVAILLEURS),
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=environnement,
    )
    try:
        _attendre(base + reverse(PAGE_REFERENCE), serveur)
        with tempfile.TemporaryDirectory() as dossier:
            script = Path(dossier) / "banc.lua"
            script.write_text(SCRIPT_LUA)
            page = _wrk(base + reverse(PAGE_CHARGE), cookie, contexte, script)
            reference = _wrk(base + reverse(PAGE_REFERENCE), None, contexte, script)
    finally:
        _arreter(serveur)
    cible = f"{PAGE_CHARGE} (gunicorn {TRAVAILLEURS} workers, wrk)"
    return [
        Ligne(
            f"{titre} : req/s",
            f"{page['rps']:.0f}",
            "",
            f"/sante/ : {reference['rps']:.0f}",
            note=cible,
        ),
        Ligne(
            f"{titre} : p95",
            f"{page['p95'] * 1000:.0f} ms",
            "",
            f"/sante/ : {reference['p95'] * 1000:.0f} ms",
            note="latence sous charge, sans cible",
        ),
        Ligne(
            f"{titre} : erreurs",
            f"{page['erreurs']} / {page['requetes']}",
            "0",
            f"/sante/ : {reference['erreurs']} / {reference['requetes']}",
            tenue=page["erreurs"] == 0 and reference["erreurs"] == 0,
        ),
    ]
