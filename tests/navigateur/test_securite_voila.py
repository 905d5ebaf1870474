"""Ce qu'un visiteur des tableaux de bord peut et ne peut pas faire, prouvé contre le vrai serveur.

Sans navigateur : un client HTTP et un client websocket (``websocket-client``) parlent
directement au Voilà lancé comme ``python -m tableaux_de_bord`` (fixture ``serveur_tableaux``),
comme le ferait un visiteur malveillant qui a ouvert la page et pris son identifiant de noyau.

- aucune cellule de code dans la page, ni dans ce que le websocket envoie ;
- un ``execute_request`` n'est pas exécuté (protocole JSON et protocole binaire v1) : le code
  qui créerait un fichier ne le crée pas, et aucune réponse d'exécution ne revient ;
- les carnets et les modules ``.py`` ne sont pas servis ;
- des messages de widgets malformés (types faux, textes énormes, widget inconnu, texte qui
  ressemble à du code) sont refusés sans trace d'appels pour le visiteur, sans fichier créé
  ni progression modifiée, et le noyau répond encore.

Ce que le visiteur peut faire (documenté dans ``docs/voila.md``) : tout ce que permettent les
widgets de sa page, dans son propre noyau.
"""

from __future__ import annotations

import html
import json
import re
import time
import urllib.request
import uuid

import pytest
import websocket
from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)

pytestmark = [pytest.mark.lent]

SOURCES = ("from tableaux_de_bord", "import simulateur", "import tableau", "simulateur()", "tableau()")
PROTOCOLE_V1 = "v1.kernel.websocket.jupyter.org"


def identifiant_noyau(page_html: str) -> str:
    """L'identifiant du noyau du visiteur, tel que la page le donne à son JavaScript."""
    donnees = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page_html, re.DOTALL
    )
    assert donnees, "configuration de la page introuvable"
    return json.loads(donnees.group(1))["kernelId"]


class ClientNoyau:
    """Un client websocket du noyau d'une page, comme le JavaScript de Voilà (ou un attaquant).

    Args:
        serveur: le :class:`ServeurVoila`.
        noyau: identifiant du noyau.
        v1: protocole binaire ``v1.kernel.websocket.jupyter.org`` au lieu du JSON historique.
    """

    def __init__(self, serveur, noyau: str, *, v1: bool = False) -> None:
        self.v1 = v1
        self.session = uuid.uuid4().hex
        adresse = (
            serveur.url.replace("http://", "ws://")
            + f"/api/kernels/{noyau}/channels?session_id={self.session}"
        )
        self.ws = websocket.create_connection(
            adresse, timeout=10, subprotocols=[PROTOCOLE_V1] if v1 else None
        )
        self.recus: list[dict] = []
        self.brut: list[str] = []

    def fermer(self) -> None:
        self.ws.close()

    def envoyer(self, canal: str, type_message: str, contenu: dict, metadonnees: dict | None = None) -> str:
        """Envoie un message du protocole Jupyter ; rend son ``msg_id``."""
        entete = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": type_message,
            "session": self.session,
            "username": "visiteur",
            "date": "2026-11-29T00:00:00Z",
            "version": "5.3",
        }
        message = {"header": entete, "parent_header": {}, "metadata": metadonnees or {}, "content": contenu}
        if self.v1:
            self.ws.send_binary(serialize_msg_to_ws_v1(message, canal, lambda o: json.dumps(o).encode()))
        else:
            self.ws.send(json.dumps({**message, "channel": canal, "buffers": []}))
        return entete["msg_id"]

    def recevoir(self, duree: float) -> list[dict]:
        """Tous les messages reçus pendant ``duree`` secondes (gardés aussi dans :attr:`recus`)."""
        fin = time.monotonic() + duree
        nouveaux = []
        while (reste := fin - time.monotonic()) > 0:
            self.ws.settimeout(reste)
            try:
                trame = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                break
            message = self._lire(trame)
            nouveaux.append(message)
        self.recus += nouveaux
        return nouveaux

    def attendre(self, condition, delai: float = 15) -> dict:
        """Le premier message reçu qui remplit ``condition`` (échec au-delà du délai)."""
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            for message in self.recevoir(0.5):
                if condition(message):
                    return message
        pytest.fail(
            f"Aucun message attendu reçu en {delai} s ; reçus : {[m['msg_type'] for m in self.recus]}"
        )

    def _lire(self, trame) -> dict:
        if self.v1:
            canal, parties = deserialize_msg_from_ws_v1(trame)
            entete, parent, meta, contenu = (json.loads(p) for p in parties[:4])
            message = {"channel": canal, "header": entete, "parent_header": parent, "metadata": meta}
            message["content"] = contenu
        elif isinstance(trame, bytes):
            message = deserialize_binary_message(trame)
            message.pop("buffers", None)
        else:
            message = json.loads(trame)
        self.brut.append(json.dumps(message, ensure_ascii=False))
        message["msg_type"] = message["header"]["msg_type"]
        return message


@pytest.fixture
def visite(serveur_tableaux):
    """Une visite anonyme de la page des pénalités : HTML, noyau, client websocket (fermé à la fin)."""
    statut, contenu = serveur_tableaux.lire("/voila/render/b4_penalites.ipynb")
    assert statut == 200
    client = ClientNoyau(serveur_tableaux, identifiant_noyau(contenu))
    yield contenu, client
    client.fermer()


def noyau_repond(client: ClientNoyau) -> None:
    """Le noyau répond encore (``kernel_info_request`` est permis)."""
    envoi = client.envoyer("shell", "kernel_info_request", {})
    client.attendre(
        lambda m: m["msg_type"] == "kernel_info_reply" and m["parent_header"].get("msg_id") == envoi
    )


def test_page__ni_code_source_ni_trace_mais_le_texte_du_carnet(visite):
    contenu, _client = visite
    assert "Simuler des pénalités de retard" in html.unescape(contenu)
    assert '<html lang="fr">' in contenu
    for source in SOURCES:
        assert source not in contenu, source


@pytest.mark.parametrize("v1", [False, True], ids=["protocole_json", "protocole_v1"])
def test_execute_request__ignore_aucun_fichier_cree(serveur_tableaux, tmp_path, v1):
    """Le code envoyé par ``execute_request`` créerait un fichier : il ne l'est pas, et rien n'est exécuté."""
    statut, contenu = serveur_tableaux.lire("/voila/render/b4_penalites.ipynb")
    assert statut == 200
    client = ClientNoyau(serveur_tableaux, identifiant_noyau(contenu), v1=v1)
    try:
        noyau_repond(client)  # témoin : le canal fonctionne
        pirate = tmp_path / "pirate.txt"
        code = f"open({str(pirate)!r}, 'w').write('exécuté')"
        for canal in ("shell", "control"):
            client.envoyer(canal, "execute_request", {"code": code, "silent": False, "store_history": True})
        client.envoyer("shell", "inspect_request", {"code": "open", "cursor_pos": 4})
        client.envoyer("shell", "complete_request", {"code": "import o", "cursor_pos": 8})
        recus = client.recevoir(4)
        noyau_repond(client)
        assert not pirate.exists()
        types = {m["msg_type"] for m in recus}
        assert not types & {"execute_reply", "execute_input", "execute_result", "stream", "error"}, types
        assert not types & {"inspect_reply", "complete_reply"}, types
    finally:
        client.fermer()


def test_carnets_et_modules_non_servis(serveur_tableaux):
    for chemin in (
        "/voila/files/b1_entrainement.ipynb",
        "/voila/files/b4_penalites.ipynb",
        "/voila/files/%2e%2e/%2e%2e/tableaux_de_bord/penalites.py",
        "/voila/files/..%2f..%2ftableaux_de_bord%2fentrainement.py",
        "/voila/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/tableaux_de_bord/entrainement.py",
        "/api/contents/b4_penalites.ipynb",
        "/api/kernels",
        "/api/sessions",
        "/lab",
        "/tree",
    ):
        statut, corps = serveur_tableaux.lire(chemin)
        assert statut in (403, 404, 405), f"{chemin} : HTTP {statut}"
        for source in SOURCES:
            assert source not in corps, chemin
    statut, corps = serveur_tableaux.lire("/voila/api/contents/b4_penalites.ipynb?content=1")
    assert statut == 200 and json.loads(corps)["content"] is None


def test_politique_de_securite_du_contenu(serveur_tableaux):
    """La page ne charge rien hors du serveur (ni CDN, ni script d'ailleurs) et ne s'inclut pas ailleurs."""
    with urllib.request.urlopen(
        serveur_tableaux.url + "/voila/render/b4_penalites.ipynb", timeout=60
    ) as reponse:
        politique = reponse.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "frame-ancestors 'self'",
        "connect-src 'self'",
        "object-src 'none'",
    ):
        assert directive in politique
    assert "unsafe-eval" not in politique and "cdn.jsdelivr.net" not in politique


def test_un_noyau_par_visite(serveur_tableaux):
    noyaux = {
        identifiant_noyau(serveur_tableaux.lire("/voila/render/b4_penalites.ipynb")[1]) for _ in range(2)
    }
    assert len(noyaux) == 2


def _etats_des_widgets(client: ClientNoyau) -> dict:
    """Ouvre le canal de contrôle des widgets et demande l'état de tous (ce que fait la page)."""
    controle = uuid.uuid4().hex
    client.envoyer(
        "shell",
        "comm_open",
        {"comm_id": controle, "target_name": "jupyter.widget.control", "data": {}},
        {"version": "1.0.0"},
    )
    client.envoyer("shell", "comm_msg", {"comm_id": controle, "data": {"method": "request_states"}})
    reponse = client.attendre(
        lambda m: m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "update_states"
    )
    return reponse["content"]["data"]["states"]


def _champ(etats: dict, nom: str) -> tuple[str, str]:
    """(identifiant de la saisie, identifiant du message) du champ de classe ``tdb-<nom>``."""
    for etat in etats.values():
        if f"tdb-{nom}" in etat["state"].get("_dom_classes", ()):
            saisie, message = (enfant.removeprefix("IPY_MODEL_") for enfant in etat["state"]["children"])
            return saisie, message
    pytest.fail(f"champ {nom} introuvable")


def test_messages_de_widgets_malformes__refuses_sans_effet(visite, serveur_tableaux, tmp_path):
    """Types faux, texte énorme, widget inconnu, « code » : messages en français, rien d'exécuté ni d'enregistré."""
    _contenu, client = visite
    progression = serveur_tableaux.dossier_personnel / "progression.json"
    avant = progression.read_bytes() if progression.exists() else None
    etats = _etats_des_widgets(client)
    montant, message_montant = _champ(etats, "montant")
    echeance, message_echeance = _champ(etats, "echeance")
    pirate = tmp_path / "pirate.txt"

    def mise_a_jour(comm: str, etat: dict) -> None:
        client.envoyer("shell", "comm_msg", {"comm_id": comm, "data": {"method": "update", "state": etat}})

    mise_a_jour(montant, {"value": 12345})
    mise_a_jour(montant, {"value": None})
    mise_a_jour(montant, {"value": ["1", "2"]})
    mise_a_jour(montant, {"description": {"__class__": "os"}})
    mise_a_jour(uuid.uuid4().hex, {"value": "1"})
    client.envoyer("shell", "comm_msg", {"comm_id": montant})
    client.envoyer("shell", "comm_msg", {"comm_id": montant, "data": {"method": "exec", "code": "1/0"}})
    client.envoyer("shell", "comm_msg", {"comm_id": montant, "data": "pas un dictionnaire"})
    client.envoyer(
        "shell", "comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "os.system", "data": {"x": 1}}
    )
    client.envoyer(
        "shell", "comm_msg", {"comm_id": montant, "data": {"method": "custom", "content": {"x": "y"}}}
    )
    client.recevoir(2)

    mise_a_jour(montant, {"value": "9" * 1_000_000})
    mise_a_jour(echeance, {"value": f"__import__('os').system('touch {pirate}')"})
    mise_a_jour(montant, {"value": "eval('1+1')"})
    client.recevoir(3)
    noyau_repond(client)

    textes = {}
    for m in client.recus:
        if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "update":
            valeur = m["content"]["data"]["state"].get("value", "")
            textes.setdefault(m["content"]["comm_id"], []).append(html.unescape(valeur))
    assert any("caractères, c'est trop" in t for t in textes.get(message_echeance, [])), textes
    assert any("« eval('1+1') » n'est pas un montant valide" in t for t in textes.get(message_montant, [])), (
        textes
    )
    assert all("9" * 100 not in t for liste in textes.values() for t in liste), "le texte énorme est recopié"
    assert not pirate.exists()
    assert (progression.read_bytes() if progression.exists() else None) == avant
    for m in client.recus:
        assert m["msg_type"] not in ("error", "execute_result", "execute_reply", "stream"), json.dumps(m)[
            :3000
        ]
    for source in SOURCES:
        assert not [b for b in client.brut if source in b], source
    journal = serveur_tableaux.fin_du_journal(200_000)
    assert "No such comm" in journal, "les refus vont au journal du serveur, pour le formateur"
