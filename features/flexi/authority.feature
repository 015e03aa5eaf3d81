@flexi
Feature: Who may log whom out of Flexi
  The service is for users with the right to access all companies and to manage the
  licence, for server authorization, and for a user logging themselves out. A user
  without those rights who tries to log out someone else is refused (401 or 403), with
  Flexi's error envelope (`winstrom` with `success` "false") in the format asked for —
  and the other user's sessions stay valid.

  Source: ABRA Flexi, "Logging Out Users in the REST API", its last paragraph
  (https://podpora.flexibee.eu/en/articles/4784105); 401 and 403: error handling
  (https://podpora.flexibee.eu/en/articles/4720060).

  @clause:FLX-7
  Scenario: The administrator logs out another user
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a json call
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead

  @clause:FLX-7
  Scenario: A user logs themselves out
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    When the user tries to log out the user in Flexi
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead

  @clause:FLX-7
  Scenario Outline: A user without the rights cannot log out another user, whose sessions stay valid (a <format> call)
    Given the user has a Flexi session
    And the other user has a Flexi session
    When the user tries to log out the other user in Flexi as a <format> call
    Then the Flexi logout is refused with 401 or 403
    And the Flexi refusal carries the error envelope
    And every Flexi session of the other user is still valid

    Examples:
      | format |
      | json   |
      | xml    |

  @clause:FLX-12 @needs:serverAuth
  Scenario: Server authorization logs a user out
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    When the server-authorized caller logs out the user in Flexi
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead
