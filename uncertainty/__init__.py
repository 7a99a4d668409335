"""Measurement uncertainty of the calibration laboratory (JCGM 100:2008 GUM, EA-4/02).

engine.py computes a budget, reporting.py rounds the figures as a certificate prints them; neither
imports Django. The management command `uncertainty FILE` evaluates a budget written as JSON.
"""
