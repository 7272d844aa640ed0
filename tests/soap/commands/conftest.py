from tests.soap.commands.helpers import (  # noqa: F401  (fixtures)
    central_system,
    gateway,
    make_gateway,
    make_simulator,
    stand_in,
)
