@inforouter
Feature: LogOut of a ticket that is missing, unknown, expired or already logged out answers [901]
  Only a valid, currently active ticket can be logged out. When no ticket is given
  (neither the AuthenticationTicket parameter nor the `ticket` cookie), when the
  ticket is unknown or malformed, when it expired (tickets live 30 days, sliding),
  or when it was already logged out, LogOut answers
  `<root success="false" error="[901] Session expired or Invalid ticket"/>`.
  For a ticket that is already gone this is the expected answer: a caller cleaning
  up must not treat it as a critical failure.

  Source: infoRouter API docs, LogOut: Parameters, Error Response and Notes
  (shared/specs/002_24c876bcbf6daf87.txt).

  @clause:INR-4
  Scenario Outline: LogOut through <binding> with neither parameter nor cookie answers [901]
    When LogOut is called through <binding> with neither parameter nor cookie
    Then the LogOut fails with "[901] Session expired or Invalid ticket"

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-5
  Scenario Outline: LogOut through <binding> with <ticket> answers [901]
    When LogOut is called through <binding> with <ticket>
    Then the LogOut fails with "[901] Session expired or Invalid ticket"

    Examples:
      | binding | ticket             |
      | GET     | an unknown ticket  |
      | SOAP    | an unknown ticket  |
      | GET     | a malformed ticket |
      | SOAP    | a malformed ticket |

  @clause:INR-6
  Scenario: A ticket already logged out answers [901] — the documented, expected answer in clean-up
    Given an infoRouter ticket for the test user
    And the infoRouter ticket has been logged out
    When the ticket is logged out through GET as the AuthenticationTicket parameter
    Then the LogOut fails with "[901] Session expired or Invalid ticket"

  @clause:INR-7 @simulator
  Scenario: A ticket past its 30-day window answers [901]
    Given an infoRouter ticket for the test user
    And 31 days pass without the infoRouter ticket being used
    When the ticket is logged out through GET as the AuthenticationTicket parameter
    Then the LogOut fails with "[901] Session expired or Invalid ticket"

  @clause:INR-7 @simulator
  Scenario: A ticket within its 30-day window is still logged out
    Given an infoRouter ticket for the test user
    And 29 days pass without the infoRouter ticket being used
    When the ticket is logged out through GET as the AuthenticationTicket parameter
    Then the LogOut succeeds

  @clause:INR-A1
  Scenario: A success="false" answer comes with HTTP status 200 (assumed, not documented)
    When LogOut is called through GET with neither parameter nor cookie
    Then the LogOut answer came with HTTP status 200
