@flexi
Feature: Logging a user out of ABRA Flexi ends all of that user's sessions
  `POST /status/user/{login}/logout` logs the user out of all companies and
  invalidates all of the user's authentication sessions. It serves the web UI too,
  so an API call asks for JSON or XML — by the `.json`/`.xml` suffix, which wins over
  the `Accept` header — and gets 200; an HTML call (neither) gets a 303 redirect to
  `/status/user` (its Location may be written relative or absolute, and may name the
  deployment's front end: only the path below the deployment's base is the rule). The
  logout ends no one else's sessions: not other users', not the caller's. A user who is
  not logged in is answered 404, unless the call adds `ignore-not-found=true` — which
  spares only that 404: a user who is logged in is logged out all the same. The login
  is one path segment and may hold non-ASCII letters. What the 200 and 404 carry in
  their body the documents leave open.

  Source: ABRA Flexi, "Logging Out Users in the REST API"
  (https://podpora.flexibee.eu/en/articles/4784105); formats, the session id and
  login names: the authentication articles (https://podpora.flexibee.eu/en/articles/3422248,
  https://podpora.flexibee.eu/en/articles/4713880).

  @clause:FLX-1
  Scenario Outline: Logout ends both sessions of the user and answers 200 to a <format> call
    Given the user has two Flexi sessions
    And each Flexi session of the user can read the company
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a <format> call
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead

    Examples:
      | format         |
      | json           |
      | xml            |
      | json by Accept |
      | xml by Accept  |

  @clause:FLX-1
  Scenario: Logout ends only the named user's sessions: the other user's and the caller's stay valid
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    And the other user has a Flexi session
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a json call
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead
    And every Flexi session of the other user is still valid
    And every Flexi session of the administrator is still valid

  @clause:FLX-2
  Scenario: An HTML call is answered with a 303 redirect to /status/user
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as an html call
    Then the Flexi logout answers 303 to /status/user
    And every Flexi session of the user is dead

  @clause:FLX-3
  Scenario: The .json suffix wins over Accept: application/xml
    Given the user has a Flexi session
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a json suffix with Accept xml call
    Then the Flexi logout answers 200
    And the Flexi logout answer is json

  @clause:FLX-4
  Scenario: Logging out a user who is not logged in answers 404
    Given the other user has no Flexi session: the administrator has logged them out with ignore-not-found=true
    And the administrator has a Flexi session
    When the administrator logs out the other user in Flexi as a json call
    Then the Flexi logout answers 404

  @clause:FLX-4
  Scenario: With ignore-not-found=true, logging out a user who is not logged in answers 200
    Given the other user has no Flexi session: the administrator has logged them out with ignore-not-found=true
    And the administrator has a Flexi session
    When the administrator logs out the other user in Flexi with ignore-not-found=true
    Then the Flexi logout answers 200

  @clause:FLX-4
  Scenario: With ignore-not-found=true, a user who is logged in is still logged out
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi with ignore-not-found=true
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead

  @clause:FLX-10 @needs:nonAsciiUser
  Scenario: A login with non-ASCII letters is logged out
    Given the non-ASCII user has a Flexi session
    And each Flexi session of the non-ASCII user can read the company
    And the administrator has a Flexi session
    When the administrator logs out the non-ASCII user in Flexi as a json call
    Then the Flexi logout answers 200
    And every Flexi session of the non-ASCII user is dead

  @clause:FLX-A1
  Scenario: The 200 answer carries the winstrom envelope (assumed, not documented)
    Given the user has a Flexi session
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a json call
    Then the Flexi logout answer carries the winstrom envelope

  @clause:FLX-A1
  Scenario: The 404 answer carries the winstrom envelope (assumed, not documented)
    Given the other user has no Flexi session: the administrator has logged them out with ignore-not-found=true
    And the administrator has a Flexi session
    When the administrator logs out the other user in Flexi as a json call
    Then the Flexi logout answer carries the winstrom envelope
