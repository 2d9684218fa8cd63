"""Vues de l'application, rangées par sujet (les enquêtes viendront dans leur propre module)."""
