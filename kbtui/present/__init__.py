"""How notes and hits look in a terminal and in JSON, for the command line (and the app)."""
