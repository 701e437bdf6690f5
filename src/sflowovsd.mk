## src/sflowovsd.mk: filled in by its area
