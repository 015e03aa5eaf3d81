@flexi
Feature: Logging a user out of one company discards only that company's context
  With `company={db-name}` the logout only discards the user's cached context for
  that company — base currency, settings, permissions — and all authentication
  sessions stay valid. The context is rebuilt on the user's next request: this is
  how a permission change reaches a user who has been logged in for long. When no
  authentication session existed (a user working with HTTP authentication only),
  the answer is 404, unless `ignore-not-found=true`.

  Source: ABRA Flexi, "Logging Out Users in the REST API", use case 2 and the note
  on the 404 (https://podpora.flexibee.eu/en/articles/4784105).

  Only the simulator can change a permission on the server between two requests, so
  the scenario that decides this rule runs only there; against a real deployment the
  company logout is shown to keep every session valid, the user's and the caller's:
  a session it ends fails the rule, and otherwise the rule is reported not verified,
  saying which part ran.

  @clause:FLX-5 @simulator
  Scenario: A permission change applies after the company logout, and the session stays valid
    Given the user has a Flexi session
    And the administrator has a Flexi session
    And the user's Flexi request in the company is answered 200
    And the Flexi server withdraws the user's right to read the company's address book
    And the user's Flexi request in the company is answered 200
    When the administrator logs the user out of the company in Flexi
    Then the Flexi logout answers 200
    And every Flexi session of the user is still valid
    And every Flexi session of the administrator is still valid
    And the user's Flexi request in the company is answered 403

  @clause:FLX-5
  Scenario: The company logout leaves the user's sessions valid, and the caller's
    Given the user has two Flexi sessions
    And the administrator has a Flexi session
    When the administrator logs the user out of the company in Flexi
    Then the Flexi logout answers 200
    And every Flexi session of the user is still valid
    And every Flexi session of the administrator is still valid

  @clause:FLX-6
  Scenario: The company logout of a user with HTTP authentication only answers 404
    Given the other user has no Flexi session: the administrator has logged them out with ignore-not-found=true
    And the other user has made a Flexi request in the company with HTTP Basic authentication only
    And the administrator has a Flexi session
    When the administrator logs the other user out of the company in Flexi
    Then the Flexi logout answers 404

  @clause:FLX-6
  Scenario: With ignore-not-found=true, the same company logout answers 200
    Given the other user has no Flexi session: the administrator has logged them out with ignore-not-found=true
    And the other user has made a Flexi request in the company with HTTP Basic authentication only
    And the administrator has a Flexi session
    When the administrator logs the other user out of the company in Flexi with ignore-not-found=true
    Then the Flexi logout answers 200
