@inforouter
Feature: Tickets are issued by AuthenticateUser and probed, passively, by isValidTicket
  A ticket comes from `/srv.asmx/AuthenticateUser` with the user's name and password,
  offered over GET, form POST and SOAP like LogOut; a wrong password answers `[900]`.
  `/srv.asmx/isValidTicket` tells whether a ticket is alive, taking it as the
  AuthenticationTicket parameter or from the `ticket` cookie, and answers `[901]` for
  a dead one. It is a passive check: it does not extend the ticket's 30-day window,
  which is why it is the probe every other check relies on.

  Source: infoRouter API docs, AuthenticateUser
  (https://support.inforouter.com/api-docs/AuthenticateUser), isValidTicket
  (https://support.inforouter.com/api-docs/isValidTicket), and LogOut for the bindings
  they share (https://support.inforouter.com/api-docs/LogOut).

  @clause:INR-9
  Scenario Outline: AuthenticateUser through <binding> issues a ticket that isValidTicket accepts
    When a ticket is requested through <binding> for the test user
    Then AuthenticateUser succeeds with a ticket
    And the infoRouter ticket is valid: isValidTicket succeeds

    Examples:
      | binding   |
      | GET       |
      | form POST |
      | SOAP      |

  @clause:INR-9
  Scenario: AuthenticateUser with a wrong password answers [900]
    # One attempt per run: a real server may lock an account after repeated failures.
    When a ticket is requested through GET with a wrong password
    Then AuthenticateUser fails with [900]

  @clause:INR-11
  Scenario: isValidTicket reads the ticket cookie when no parameter is given
    Given an infoRouter ticket for the test user
    And the infoRouter ticket is valid: isValidTicket succeeds
    Then the infoRouter ticket is valid by its cookie: isValidTicket succeeds
    When the ticket is logged out through GET as the AuthenticationTicket parameter
    Then the infoRouter ticket is dead by its cookie: isValidTicket answers [901]

  @clause:INR-10 @simulator
  Scenario: isValidTicket does not extend the ticket's 30-day window
    Given an infoRouter ticket for the test user
    And 20 days pass without the infoRouter ticket being used
    And the infoRouter ticket is valid: isValidTicket succeeds
    When 11 days pass without the infoRouter ticket being used
    Then the infoRouter ticket is dead: isValidTicket answers [901]
