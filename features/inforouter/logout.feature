@inforouter
Feature: LogOut invalidates the ticket, through any of its three bindings
  `/srv.asmx/LogOut` logs the authenticated user out by invalidating their
  authentication ticket: the ticket leaves the server's cache, and any later call
  with it receives `[901] Session expired or Invalid ticket` at once. The same
  operation is offered over GET (`?AuthenticationTicket=`), form POST and SOAP 1.1
  (`SOAPAction: "http://tempuri.org/LogOut"`); they are one operation. Without the
  parameter, the server logs out the ticket in the `ticket` cookie.

  Every ticket is first shown valid by isValidTicket, the passive probe, so that
  "dead after" means the LogOut ended it. Whether the user's other tickets survive
  is not documented: that is an assumption, reported with what was seen.

  Source: infoRouter API docs, LogOut (https://support.inforouter.com/api-docs/LogOut):
  Methods, Parameters, Response, and the notes "Ticket is removed from memory cache"
  and "Cookie fallback"; isValidTicket (https://support.inforouter.com/api-docs/isValidTicket).

  @clause:INR-1 @clause:INR-2
  Scenario Outline: LogOut through <binding> succeeds and the ticket is dead at once
    Given an infoRouter ticket for the test user
    And the infoRouter ticket is valid: isValidTicket succeeds
    When the ticket is logged out through <binding> as the AuthenticationTicket parameter
    Then the LogOut succeeds
    And the infoRouter ticket is dead at once: isValidTicket answers [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-3
  Scenario Outline: Without the parameter, LogOut through <binding> ends the ticket in the ticket cookie
    Given an infoRouter ticket for the test user
    And the infoRouter ticket is valid: isValidTicket succeeds
    When the ticket is logged out through <binding> with the ticket cookie only
    Then the LogOut succeeds
    And the infoRouter ticket is dead at once: isValidTicket answers [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-A3
  Scenario: LogOut ends only the ticket it is given (assumed, not documented)
    Given an infoRouter ticket for the test user
    And a second infoRouter ticket for the same user
    And the infoRouter ticket is valid: isValidTicket succeeds
    And the second infoRouter ticket is valid: isValidTicket succeeds
    When the ticket is logged out through GET as the AuthenticationTicket parameter
    Then the LogOut succeeds
    And the infoRouter ticket is dead at once: isValidTicket answers [901]
    And the second infoRouter ticket is still valid: isValidTicket succeeds

  @clause:INR-A2
  Scenario: With both the parameter and the cookie, the parameter's ticket is logged out (assumed, not documented)
    Given an infoRouter ticket for the test user
    And a second infoRouter ticket for the same user
    And the infoRouter ticket is valid: isValidTicket succeeds
    And the second infoRouter ticket is valid: isValidTicket succeeds
    When LogOut is called with the first ticket as the parameter and the second in the ticket cookie
    Then the LogOut succeeds
    And the infoRouter ticket is dead at once: isValidTicket answers [901]
    And the second infoRouter ticket is still valid: isValidTicket succeeds
