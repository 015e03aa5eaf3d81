@inforouter
Feature: LogOut of a ticket that is missing, unknown, expired or already logged out answers [901]
  Only a valid, currently active ticket can be logged out. When no ticket is given
  (neither the AuthenticationTicket parameter nor the `ticket` cookie), when the
  ticket is not in the server's cache (never issued, malformed), when it expired
  (tickets live 30 days), or when it was already logged out, LogOut answers
  `success="false"` with the error code `[901]` (documented as
  `[901] Session expired or Invalid ticket`; the words after the code are shown as
  observed). For a ticket that is already gone this is the expected answer: a
  caller cleaning up must not treat it as a critical failure.

  Each premise is shown before it is relied on: an unknown ticket is one
  isValidTicket answers [901] for; a ticket logged out was first valid and then
  answered [901].

  Source: infoRouter API docs, LogOut (https://support.inforouter.com/api-docs/LogOut):
  Parameters, Error Response, Error Codes, and the notes "Already-expired tickets
  return an error" and "Best practice"; isValidTicket
  (https://support.inforouter.com/api-docs/isValidTicket).

  @clause:INR-4
  Scenario Outline: LogOut through <binding> with neither parameter nor cookie answers [901]
    When LogOut is called through <binding> with neither parameter nor cookie
    Then the LogOut fails with [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-5
  Scenario Outline: LogOut through <binding> with <ticket> answers [901]
    Given <ticket>, which isValidTicket answers [901]
    When LogOut is called through <binding> with that ticket
    Then the LogOut fails with [901]

    Examples:
      | binding   | ticket             |
      | GET       | an unknown ticket  |
      | form POST | an unknown ticket  |
      | SOAP      | an unknown ticket  |
      | GET       | a malformed ticket |
      | form POST | a malformed ticket |
      | SOAP      | a malformed ticket |

  @clause:INR-5
  Scenario Outline: LogOut through <binding> with an unknown ticket in the ticket cookie answers [901]
    Given an unknown ticket, which isValidTicket answers [901]
    When LogOut is called through <binding> with that ticket in the ticket cookie only
    Then the LogOut fails with [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-6
  Scenario Outline: A ticket already logged out answers [901] through <binding> — the documented, expected answer in clean-up
    Given an infoRouter ticket for the test user
    And the infoRouter ticket is valid: isValidTicket succeeds
    And the infoRouter ticket has been logged out
    And the infoRouter ticket is dead: isValidTicket answers [901]
    When the ticket is logged out through <binding> as the AuthenticationTicket parameter
    Then the LogOut fails with [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-6
  Scenario Outline: A ticket already logged out, in the ticket cookie, answers [901] through <binding>
    Given an infoRouter ticket for the test user
    And the infoRouter ticket is valid: isValidTicket succeeds
    And the infoRouter ticket has been logged out
    And the infoRouter ticket is dead: isValidTicket answers [901]
    When the ticket is logged out through <binding> with the ticket cookie only
    Then the LogOut fails with [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-7 @simulator
  Scenario Outline: A ticket past its 30-day window answers [901] through <binding>
    Given an infoRouter ticket for the test user
    And the infoRouter ticket is valid: isValidTicket succeeds
    And 31 days pass without the infoRouter ticket being used
    When the ticket is logged out through <binding> as the AuthenticationTicket parameter
    Then the LogOut fails with [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-7 @simulator
  Scenario: A ticket within its 30-day window is still logged out
    Given an infoRouter ticket for the test user
    And the infoRouter ticket is valid: isValidTicket succeeds
    And 29 days pass without the infoRouter ticket being used
    When the ticket is logged out through GET as the AuthenticationTicket parameter
    Then the LogOut succeeds

  @clause:INR-A1
  Scenario: A success="false" answer comes with HTTP status 200 (assumed, not documented)
    When LogOut is called through GET with neither parameter nor cookie
    Then the LogOut answer came with HTTP status 200
