"""The dossier: its format (model) and how it is read (load)."""

from toelating.dossier.load import LoadedDossier, load_dossier, locate_dossier_file
from toelating.dossier.model import Dossier

__all__ = ["Dossier", "LoadedDossier", "load_dossier", "locate_dossier_file"]
