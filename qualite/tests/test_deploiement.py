"""La pile de production décrite par docker-compose.yml est acceptée par `docker compose config`."""

import re
import shutil
import subprocess
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]


def _commande_compose() -> list[str]:
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    assert shutil.which("docker-compose"), "docker compose introuvable : `make test` l'installe (paquet docker-compose)"
    return ["docker-compose"]


def test_docker_compose_config_accepte_la_pile(tmp_path):
    shutil.copy(RACINE / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(RACINE / ".env.example", tmp_path / ".env")
    resultat = subprocess.run(
        [*_commande_compose(), "-f", str(tmp_path / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultat.returncode == 0, resultat.stderr
    for service in ("postgres:", "redis:", "web:", "worker:", "beat:"):
        assert service in resultat.stdout
    assert "gunicorn" in resultat.stdout
    assert "healthcheck" in resultat.stdout


def test_env_example_documente_chaque_variable_lue_par_les_reglages():
    reglages = "".join(fichier.read_text() for fichier in sorted((RACINE / "qualite" / "settings").glob("*.py")))
    assert 'env("QUALITE_ENV"' in reglages  # les réglages sont bien là où on les cherche
    lues = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', reglages))
    documentees = set(re.findall(r"^([A-Z_]+)=", (RACINE / ".env.example").read_text(), re.MULTILINE))
    assert lues <= documentees, f"variables non documentées dans .env.example : {sorted(lues - documentees)}"
