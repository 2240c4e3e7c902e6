"""Errors that reach the user as one line on stderr (exit code 2)."""


class PlanInputError(Exception):
    """A plan file that cannot be read: missing, empty, binary or undecodable.

    `source` names the file, `problem` says what is wrong with it, in words a user can act on.
    """

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
