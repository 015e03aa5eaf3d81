@acumatica
Feature: The instance URL, with or without an instance path
  Requests go to `<MYOB Acumatica instance URL>/entity/auth/…`. The instance URL
  names the instance (such as https://my.acumatica.com/MyInstance), or omits it when
  the instance is installed in the root of the website. Sign-in and sign-out work
  either way.

  Source: "Sign Out from the Service", HTTP Method and URL and the Tip under Example
  (shared/specs/000_fd8ea2d6b7f25bce.txt).

  @clause:ACU-7 @simulator
  Scenario Outline: Sign-out works with the instance installed <where>
    Given the instance is installed <where>
    And an API session signed in to the instance
    When the session signs out
    Then the sign-out answers 204
    And the session's cookies no longer authorize an entity call

    Examples:
      | where                             |
      | under the instance name "MyInstance" |
      | in the root of the website        |
