"""Match support (EEP standard 5): coordinators' contacts with matches, schedule, warnings."""
