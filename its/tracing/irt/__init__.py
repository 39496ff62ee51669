"""Item response theory models traced by Bayes' rule."""
