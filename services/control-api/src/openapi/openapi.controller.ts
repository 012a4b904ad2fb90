import { Controller, Get } from '@nestjs/common';
import { Public } from '@riposte/bus';
import { openApiDocument } from './openapi.document';

@Controller()
export class OpenApiController {
  @Get('openapi.json')
  @Public()
  document(): typeof openApiDocument {
    return openApiDocument;
  }
}
