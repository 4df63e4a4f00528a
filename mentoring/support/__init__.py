"""Match support (EEP standard 5): coordinators' contacts with each match, its schedule, warnings."""
