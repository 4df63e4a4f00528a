"""The single error type raised for invalid matching input."""


class MatchingInputError(ValueError):
    """Invalid input, with a message naming the person and the field concerned."""

    def __init__(self, problem: str, *, person: str | None = None, field: str | None = None):
        self.problem = problem
        self.person = person
        self.field = field
        super().__init__(self._compose())

    def _compose(self) -> str:
        """Build 'mentee "e1", field "timezone": unknown time zone ...'."""
        where = []
        if self.person:
            where.append(self.person)
        if self.field:
            where.append(f'field "{self.field}"')
        return f"{', '.join(where)}: {self.problem}" if where else self.problem

    def within(self, person: str | None = None, field_prefix: str | None = None):
        """Return a copy placed in a wider context (a person, or an enclosing field)."""
        field = self.field
        if field_prefix:
            field = f"{field_prefix}.{field}" if field else field_prefix
        return MatchingInputError(self.problem, person=self.person or person, field=field)
