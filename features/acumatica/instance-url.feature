@acumatica
Feature: The instance URL, with or without an instance path
  Requests go to `<MYOB Acumatica instance URL>/entity/auth/…`. The instance URL
  names the instance (such as https://my.acumatica.com/MyInstance), or omits it when
  the instance is installed in the root of the website. Sign-in and sign-out work
  either way.

  Against a real deployment, the form of the targets file's `baseUrl` is the one
  verified; the scenario for the other form is reported as not verified.

  Source: MYOB Acumatica Integration Development Guide, "Sign Out from the Service",
  HTTP Method and URL, and the Tip under Example
  (https://help.myob.com.au/advanced/Docs/Published/IntegrationDevelopmentGuide/IntegrationDev_RESTExample_Basic_Logout.html).

  @clause:ACU-7
  Scenario Outline: Sign-out works with the instance URL <form>
    Given the instance URL <form>
    And an API session signed in to the instance
    And the session can read the Customer entity
    When the session signs out
    Then the sign-out answers 204
    And the session's cookies no longer authorize an entity call

    @instance-path
    Examples: An instance installed under its name
      | form                |
      | naming the instance |

    @site-root
    Examples: An instance installed in the root of the website
      | form                        |
      | at the root of the website  |
