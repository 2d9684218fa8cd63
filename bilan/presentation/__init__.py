"""Le diaporama du comité (PPTX modifiable et PDF 16:9), construit avec les mêmes selectors que le bilan."""
