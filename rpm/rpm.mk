## rpm/rpm.mk: filled in by its area
