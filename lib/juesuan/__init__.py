"""juesuan (决算): curated data and analyses of Chinese government final-accounts disclosures."""

__version__ = "0.1.0"
