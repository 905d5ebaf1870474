"""Montants : une seule façon de créer un montant, une seule façon d'arrondir.

Tout montant du noyau est un :class:`decimal.Decimal`. Un ``float`` n'entre
jamais dans un calcul : :func:`montant` le refuse. Ce que tape un apprenant
(« 1 234,56 », « 1234,56 € », « 1234.56 », « -12 ») est lu par :func:`montant`.

L'arrondi est explicite : :func:`arrondir` arrondit au centime, demi supérieur
(ROUND_HALF_UP), comme le fait la pratique comptable française ; le contexte
par défaut de ``decimal`` (demi pair) n'est jamais utilisé pour arrondir.

Utilisé par toutes les activités (B1 à B4).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from compta_kernel.erreurs import MontantInvalide

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# Espaces qu'un tableur ou babel placent entre les milliers.
_ESPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_MONNAIE = re.compile(r"(€|eur(os?)?)$", re.IGNORECASE)
_NOMBRE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def montant(valeur: object) -> Decimal:
    """Renvoie le ``Decimal`` d'un montant saisi à la française, sans l'arrondir.

    Accepte un ``Decimal``, un ``int`` ou un texte : « 1 234,56 », « 1234,56 € »,
    « 1234.56 », « -12 », « 1.234,56 » (point des milliers suivi de la virgule).
    Refuse un ``float`` (imprécis) et tout texte qui n'est pas un nombre.

    >>> montant("1 234,56 €")
    Decimal('1234.56')
    >>> montant("-12")
    Decimal('-12')

    Raises:
        MontantInvalide: message en français qui dit quoi taper.
    """
    if isinstance(valeur, bool):
        raise MontantInvalide(f"« {valeur} » n'est pas un montant.", champ="montant")
    if isinstance(valeur, Decimal):
        if not valeur.is_finite():
            raise MontantInvalide(f"« {valeur} » n'est pas un montant fini.", champ="montant")
        return valeur
    if isinstance(valeur, int):
        return Decimal(valeur)
    if isinstance(valeur, float):
        raise MontantInvalide(
            f"Le montant {valeur!r} est un nombre à virgule flottante, imprécis pour de l'argent. "
            f"Saisissez-le en texte (« {str(valeur).replace('.', ',')} ») ou en Decimal.",
            champ="montant",
        )
    if not isinstance(valeur, str):
        raise MontantInvalide(f"« {valeur!r} » n'est pas un montant.", champ="montant")
    return _lire_texte(valeur)


def _lire_texte(texte: str) -> Decimal:
    brut = texte.strip()
    if not brut:
        raise MontantInvalide(
            "Le montant est vide : saisissez un nombre, par exemple 1 234,56.", champ="montant"
        )
    nettoye = _MONNAIE.sub("", brut.translate(_ESPACES))
    if nettoye.startswith("(") and nettoye.endswith(")"):  # présentation comptable des négatifs
        nettoye = "-" + nettoye[1:-1]
    # « 1.234,56 » : points des milliers puis virgule décimale.
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d*", nettoye):
        nettoye = nettoye.replace(".", "")
    if not _NOMBRE.match(nettoye):
        separateurs = sum(nettoye.count(c) for c in ",.")
        if separateurs > 1:
            conseil = "un montant n'a qu'un séparateur décimal (la virgule), par exemple 1 234,56"
        else:
            conseil = "tapez des chiffres, une virgule pour les centimes, par exemple 1 234,56 ou -12"
        raise MontantInvalide(f"« {texte} » n'est pas un montant valide : {conseil}.", champ="montant")
    try:
        return Decimal(nettoye.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - garanti par l'expression régulière
        raise MontantInvalide(f"« {texte} » n'est pas un montant valide.", champ="montant") from exc


def taux(valeur: object, champ: str = "taux") -> Decimal:
    """Renvoie le ``Decimal`` d'un taux saisi à la française, en fraction de 1.

    Accepte « 20 % », « 5,5 % », « 0,20 », ``Decimal("0.2")`` : un taux suivi de « % » est en
    pour cent, sinon en fraction. Refuse un ``float`` et un taux hors de 0 à 1 (100 %).

    >>> taux("20 %"), taux("5,5 %"), taux("0,20")
    (Decimal('0.2'), Decimal('0.055'), Decimal('0.20'))

    Raises:
        MontantInvalide: message en français qui dit quoi taper.
    """
    pour_cent = isinstance(valeur, str) and valeur.strip().endswith("%")
    try:
        lu = montant(valeur.strip().rstrip("%") if pour_cent else valeur)
    except MontantInvalide as exc:
        if not isinstance(valeur, str):  # float, objet : le message de montant() dit déjà quoi faire
            raise MontantInvalide(exc.message, champ=champ) from exc
        raise MontantInvalide(
            f"« {valeur} » n'est pas un taux : écrivez-le en fraction (0,20) ou en pour cent (« 20 % »).",
            champ=champ,
        ) from exc
    resultat = lu / 100 if pour_cent else lu
    if not ZERO <= resultat <= 1:
        raise MontantInvalide(
            f"Le taux « {valeur} » n'est pas entre 0 et 1 (100 %) : écrivez-le en fraction (0,05) "
            "ou en pour cent (« 5 % »).",
            champ=champ,
        )
    return resultat


def arrondir(valeur: Decimal | int | str) -> Decimal:
    """Arrondit au centime, demi supérieur (0,005 → 0,01 ; -0,005 → -0,01).

    >>> arrondir(montant("2,675"))
    Decimal('2.68')
    """
    return montant(valeur).quantize(CENT, rounding=ROUND_HALF_UP)


def en_centimes(valeur: Decimal | int | str) -> int:
    """Nombre entier de centimes d'un montant déjà au centime (refuse 0,001).

    >>> en_centimes("1 234,56")
    123456
    """
    d = montant(valeur)
    c = d * 100
    if c != c.to_integral_value():
        raise MontantInvalide(
            f"Le montant {d} a plus de deux décimales : arrondissez-le au centime.", champ="montant"
        )
    return int(c)


def depuis_centimes(centimes: int) -> Decimal:
    """Montant ``Decimal`` à deux décimales d'un nombre entier de centimes."""
    return Decimal(int(centimes)).scaleb(-2)


def egaux(a: Decimal, b: Decimal, tolerance: Decimal = ZERO) -> bool:
    """Vrai si deux montants diffèrent d'au plus ``tolerance`` (en euros)."""
    return abs(montant(a) - montant(b)) <= montant(tolerance)
