"""Profiles: mentee requests, mentor applications, tags and weekly availability."""
