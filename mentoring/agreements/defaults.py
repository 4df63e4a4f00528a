"""The agreement shipped with the app, until the programme writes its own (French uses "tu")."""

from __future__ import annotations

DEFAULT_EN = """\
How often and how long we meet: we meet regularly, at the rhythm we choose together below, and \
we tell each other in advance if a session must move.
How we keep in touch: only through this app (messages and meetings pages); we do not swap phone \
numbers or social media accounts.
What stays between us: what we say to each other stays between us. The one exception: if someone's \
safety is at immediate risk, the mentor tells the programme's coordinator, and says so.
Ending well: either of us can end the match at any time. We do it with a last planned session, \
with the coordinator's help, so that it ends well for both of us.
At any time, either of us can talk to a coordinator or reach a helpline."""

DEFAULT_FR = """\
À quel rythme et combien de temps on se voit : on se retrouve régulièrement, au rythme qu'on \
choisit ensemble ci-dessous, et on se prévient à l'avance si une séance doit bouger.
Comment on reste en contact : uniquement par cette application (messages et page des rencontres) ; \
on n'échange pas nos numéros ni nos réseaux sociaux.
Ce qui reste entre nous : ce qu'on se dit reste entre nous. La seule exception : si la sécurité de \
quelqu'un est en danger immédiat, ton mentor ou ta mentore prévient la coordination du programme, \
et te le dit.
Bien terminer : chacun·e de nous peut arrêter le mentorat à tout moment. On le fait avec une \
dernière séance prévue, avec l'aide de la coordination, pour que ça se termine bien pour nous deux.
À tout moment, tu peux parler à la coordination ou joindre une ligne d'écoute."""
