@inforouter
Feature: LogOut invalidates the ticket, through any of its three bindings
  `/srv.asmx/LogOut` logs the authenticated user out by invalidating their
  authentication ticket: the ticket leaves the server's cache, and any later call
  with it receives `[901] Session expired or Invalid ticket` at once. The same
  operation is offered over GET (`?AuthenticationTicket=`), form POST and SOAP 1.1
  (`SOAPAction: "http://tempuri.org/LogOut"`); they are one operation. LogOut ends
  only the ticket it is given.

  Source: infoRouter API docs, LogOut (shared/specs/002_24c876bcbf6daf87.txt);
  isValidTicket is the probe (VENDOR-NOTES.md).

  @clause:INR-1 @clause:INR-2
  Scenario Outline: LogOut through <binding> succeeds and the ticket is dead at once
    Given an infoRouter ticket for the test user
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
    When the ticket is logged out through <binding> with the ticket cookie only
    Then the LogOut succeeds
    And the infoRouter ticket is dead at once: isValidTicket answers [901]

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-8
  Scenario: LogOut ends only the ticket it is given
    Given an infoRouter ticket for the test user
    And a second infoRouter ticket for the same user
    When the ticket is logged out through GET as the AuthenticationTicket parameter
    Then the LogOut succeeds
    And the second infoRouter ticket is still valid

  @clause:INR-A2
  Scenario: With both the parameter and the cookie, the parameter's ticket is logged out (assumed, not documented)
    Given an infoRouter ticket for the test user
    And a second infoRouter ticket for the same user
    When LogOut is called with the first ticket as the parameter and the second in the ticket cookie
    Then the LogOut succeeds
    And the infoRouter ticket is dead at once: isValidTicket answers [901]
    And the second infoRouter ticket is still valid

  @clause:INR-1 @simulator
  Scenario: An infoRouter 7.5 server answers with a <response> root, read as the same outcome
    Given the infoRouter server answers with the older <response> root
    And an infoRouter ticket for the test user
    When the ticket is logged out through SOAP as the AuthenticationTicket parameter
    Then the LogOut succeeds
    And the infoRouter ticket is dead at once: isValidTicket answers [901]
